/**
 * createApp(deps): the whole HTTP surface, built from what it is given (no module singletons),
 * so tests build one in-process on a fresh database.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import {
  createCatalogue,
  DEFAULT_RISK_CONFIG,
  type InstrumentRegistry,
  type RiskConfig,
} from '../instruments';
import { DomainError, errorBody, respondWithError } from './http/errors';
import { buildOpenApi } from './http/openapi';
import { type ActorEnv, requireActor } from './http/require-actor';
import { isHttps } from './http/session-cookie';
import { staticClient } from './http/static-client';
import { errorFacts, type Logger } from './logger';
import { organisationAdminRoutes } from './routes/admin-organisation.routes';
import {
  adminAuditRoutes,
  patientAuditRoutes,
  unitAccessReportRoutes,
  userAuditRoutes,
} from './routes/audit.routes';
import { authRoutes } from './routes/auth.routes';
import { courseLifecycleRoutes, courseRoutes, unitPatientRoutes } from './routes/clinical.routes';
import { exerciseRoutes } from './routes/exercise.routes';
import { courseFhirRoutes } from './routes/fhir.routes';
import { courseFormRoutes, patientRoutes } from './routes/forms.routes';
import { instrumentVersionRoutes } from './routes/instrument-versions.routes';
import { instrumentRoutes } from './routes/instruments.routes';
import { coursePlanRoutes, unitPlanRoutes } from './routes/plans.routes';
import { practiceRoutes } from './routes/practice.routes';
import { unitReportRoutes } from './routes/reports.routes';
import { researchRoutes } from './routes/research.routes';
import { courseEvaluationRoutes, trainingRoutes } from './routes/training.routes';
import { trainingFollowUpRoutes } from './routes/training-follow-up.routes';
import { trainingRegistrationRoutes } from './routes/training-registration.routes';
import { unitStaffRoutes } from './routes/unit-staff.routes';
import { caseloadRoutes, unitCalibrationRoutes } from './routes/workspace.routes';
import { createAccessReportService } from './services/access-report-service';
import { createAuditQueries } from './services/audit-service';
import { createAuthService } from './services/auth-service';
import { createClinicalService } from './services/clinical-service';
import { createCourseEvaluationService } from './services/course-evaluation-service';
import { createCourseLifecycleService } from './services/course-lifecycle-service';
import { createExerciseService } from './services/exercise-service';
import { createFhirExportService } from './services/fhir-export-service';
import { createFormService } from './services/form-service';
import { createFormSessionQueries } from './services/form-session-queries';
import { createInstrumentService } from './services/instrument-service';
import { createInstrumentVersionService } from './services/instrument-version-service';
import { createOidcService, type OidcSettings } from './services/oidc-service';
import { createOrganisationAdminService } from './services/organisation-admin-service';
import { createPlanService } from './services/plan-service';
import { createPracticeService } from './services/practice-service';
import { createReportService } from './services/report-service';
import { createResearchExportService } from './services/research-export-service';
import { createRiskEngine } from './services/risk-engine';
import { createStaffSearchService } from './services/staff-search-service';
import { createTrainingCourseService } from './services/training-course-service';
import { createTrainingFollowUpService } from './services/training-follow-up-service';
import { createTrainingNetworkService } from './services/training-network-service';
import { createTrainingParticipantService } from './services/training-participant-service';
import { createTrainingRegistrationService } from './services/training-registration-service';
import { createUnitStaffService } from './services/unit-staff-service';
import { createWorkspaceService } from './services/workspace-service';
import type { Database } from './storage/database';
import { checkDatabase } from './storage/health-repository';

export interface AppDeps {
  db: Database;
  registry: InstrumentRegistry;
  logger: Logger;
  /** The built client (dist/client); pages are not served when omitted. */
  clientDir?: string;
  /** Largest accepted request body in bytes. */
  maxBodyBytes?: number;
  /** The time; tests pass a fixed clock. */
  clock?: () => Date;
  /** Thresholds and weights of the drop-out-risk rule set (KOR_RISK_CONFIG). */
  riskConfig?: RiskConfig;
  /** Trust X-Forwarded-Proto from a reverse proxy (KOR_TRUST_PROXY). */
  trustProxy?: boolean;
  /** Staff login through an OpenID Connect provider (KOR_OIDC_*); off when omitted. */
  oidc?: OidcSettings;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createApp(deps: AppDeps) {
  const clock = deps.clock ?? (() => new Date());
  // The given (built-in) versions, and beside them the ones published in the database.
  const registry = createCatalogue(deps.registry.all());
  const instrumentVersions = createInstrumentVersionService(deps.db, registry, clock);
  const instruments = createInstrumentService(registry);
  const auth = createAuthService(deps.db, clock);
  const oidc = createOidcService(deps.db, deps.oidc, clock);
  const risk = createRiskEngine(deps.riskConfig ?? DEFAULT_RISK_CONFIG);
  const clinical = createClinicalService(deps.db, risk, clock);
  const audit = createAuditQueries(deps.db);
  const accessReports = createAccessReportService(deps.db, clock);
  const forms = createFormService(deps.db, registry, risk, clock);
  const plans = createPlanService(deps.db, registry, risk, clock);
  const reports = createReportService(deps.db, clock);
  const lifecycle = createCourseLifecycleService(deps.db, risk, clock);
  const workspace = createWorkspaceService(deps.db, risk, clock);
  const evaluations = createCourseEvaluationService(deps.db, registry, clock);
  const trustProxy = deps.trustProxy ?? false;

  const api = new Hono()
    .use(async (c, next) => {
      c.header('Cache-Control', 'no-store');
      // Versions another instance published or retired (a cheap check, at most every 2 s).
      // If the check fails the request goes on with the catalogue already verified and loaded;
      // the next check retries.
      try {
        await instrumentVersions.sync();
      } catch (error) {
        deps.logger.log('error', 'instrument catalogue not refreshed', errorFacts(error));
      }
      // JSON only: a form post or text/plain body from another site is refused (CSRF).
      const type = c.req.header('Content-Type') ?? '';
      if (STATE_CHANGING.has(c.req.method) && !/^application\/json\b/i.test(type)) {
        return c.json(
          errorBody('unsupported_media_type', 'Send the request body as application/json'),
          415,
        );
      }
      // Same-origin check: a browser always sends Origin on a cross-site POST.
      const origin = c.req.header('Origin');
      const own = `${isHttps(c, trustProxy) ? 'https' : 'http'}://${new URL(c.req.url).host}`;
      if (STATE_CHANGING.has(c.req.method) && origin && origin !== own) {
        return c.json(errorBody('cross_origin', 'Requests from another site are refused'), 403);
      }
      await next();
    })
    .use(
      bodyLimit({
        maxSize: deps.maxBodyBytes ?? 256 * 1024,
        onError: (c) =>
          c.json(errorBody('payload_too_large', 'The request body is too large'), 413),
      }),
    )
    .get('/health', async (c) => {
      await checkDatabase(deps.db);
      return c.json({ status: 'ok' });
    })
    .route('/auth', authRoutes(auth, oidc, trustProxy))
    .route('/instruments', instrumentRoutes(instruments))
    .route('/patient', patientRoutes(forms, trustProxy))
    .route('/course-evaluation', courseEvaluationRoutes(evaluations, trustProxy));

  // Everything below needs a logged-in staff user (default deny). Each router gets the guard
  // under its own prefix, so the public instrument routes stay public.
  const guard = requireActor(auth, trustProxy);
  const guarded = (router: Hono<ActorEnv>) =>
    new Hono<ActorEnv>().use('*', guard).route('/', router);
  api
    .route(
      '/units',
      guarded(
        new Hono<ActorEnv>()
          .route('/', unitPatientRoutes(clinical))
          .route('/', unitReportRoutes(reports))
          .route('/', unitPlanRoutes(plans))
          .route('/', unitCalibrationRoutes(workspace))
          .route('/', unitAccessReportRoutes(accessReports))
          .route('/', unitStaffRoutes(createUnitStaffService(deps.db, clock))),
      ),
    )
    .route(
      '/courses',
      guarded(
        new Hono<ActorEnv>()
          .route('/', caseloadRoutes(workspace))
          .route('/', courseRoutes(clinical))
          .route('/', courseFormRoutes(forms, createFormSessionQueries(deps.db, clock)))
          .route('/', coursePlanRoutes(plans))
          .route('/', courseLifecycleRoutes(lifecycle))
          .route('/', courseFhirRoutes(createFhirExportService(deps.db, registry, clock))),
      ),
    )
    .route('/patients', guarded(patientAuditRoutes(accessReports)))
    .route('/users', guarded(userAuditRoutes(accessReports)))
    .route('/audit', guarded(adminAuditRoutes(audit)))
    .route('/admin/instrument-versions', guarded(instrumentVersionRoutes(instrumentVersions)))
    .route(
      '/admin/organisation',
      guarded(organisationAdminRoutes(createOrganisationAdminService(deps.db, clock))),
    )
    .route(
      '/admin/research-exports',
      guarded(researchRoutes(createResearchExportService(deps.db, registry, clock))),
    )
    .route(
      '/training',
      guarded(
        new Hono<ActorEnv>()
          .route(
            '/',
            trainingRoutes({
              courses: createTrainingCourseService(deps.db, clock),
              participants: createTrainingParticipantService(deps.db, clock),
              network: createTrainingNetworkService(deps.db, clock),
              evaluations,
            }),
          )
          .route('/', practiceRoutes(createPracticeService(deps.db, registry, risk, clock)))
          // Exercises: the trainee side (/my/exercises) is for any logged-in staff user.
          .route('/', exerciseRoutes(createExerciseService(deps.db, risk, clock)))
          .route(
            '/',
            trainingFollowUpRoutes({
              staff: createStaffSearchService(deps.db),
              followUp: createTrainingFollowUpService(deps.db, clock),
            }),
          )
          // Courses open for registration: any logged-in staff user signs up themselves.
          .route(
            '/',
            trainingRegistrationRoutes(createTrainingRegistrationService(deps.db, clock)),
          ),
      ),
    );

  const app = new Hono();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      xFrameOptions: 'DENY',
    }),
  );
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    deps.logger.log('info', 'request', {
      method: c.req.method,
      // The route template, never the concrete path: paths can hold codes and tokens.
      route: routePath(c),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  let openapi: Record<string, unknown> | undefined;
  app.get('/api/v1/openapi.json', (c) => {
    openapi ??= buildOpenApi(app.routes);
    c.header('Cache-Control', 'no-store');
    return c.json(openapi);
  });
  app.route('/api/v1', api);
  app.all('/api/*', (c) =>
    c.json(errorBody('not_found', `No API route ${c.req.method} ${c.req.path}`), 404),
  );
  app.onError((error, c) => {
    if (error instanceof DomainError) return respondWithError(c, error);
    if (error instanceof HTTPException) {
      const message = error.status === 400 ? `Malformed request: ${error.message}` : error.message;
      return c.json(errorBody('bad_request', message), error.status);
    }
    // The route template, not the path (it can hold codes and tokens), and no error message.
    deps.logger.log('error', 'unhandled error', {
      method: c.req.method,
      route: routePath(c),
      ...errorFacts(error),
    });
    return c.json(errorBody('internal', 'Something went wrong on the server'), 500);
  });
  if (deps.clientDir) app.get('*', staticClient(deps.clientDir));
  return app;
}

export type App = ReturnType<typeof createApp>;
