/**
 * One Preact app, one route table, one lazily loaded area per role. Areas never import each other.
 */
import { type FunctionComponent, render } from 'preact';
import { ErrorBoundary, LocationProvider, lazy, Route, Router } from 'preact-iso';
import { Home } from './home/Home';
import { LangProvider } from './shared/i18n';
import { Layout } from './shared/Layout';
import { NotFound } from './shared/NotFound';
import './shared/styles.css';

const Library = lazy(() => import('./library/LibraryArea'));
// The patient area has its own page frame (no staff menu, no links out) and its own bundle.
const Patient = lazy(() => import('./patient/PatientArea'));
const Therapist = lazy(() => import('./therapist/TherapistArea'));
const Reports = lazy(() => import('./lead/ReportsArea'));
const Admin = lazy(() => import('./admin/AdminArea'));
const Trainer = lazy(() => import('./trainer/TrainerArea'));
// Open courses to sign up for, and course participants' exercises: for any staff user.
const Trainee = lazy(() => import('./trainee/TraineeArea'));
// The anonymous course evaluation has its own frame, like the patient area.
const Evaluation = lazy(() => import('./evaluation/EvaluationArea'));

/** A staff or public page inside the common frame with its menu. */
const framed =
  <P extends object>(Page: FunctionComponent<P>) =>
  (props: P) => (
    <Layout>
      <Page {...props} />
    </Layout>
  );
const HomePage = framed(Home);
const LibraryPage = framed(Library);
const NotFoundPage = framed(NotFound);
const TherapistPage = framed(Therapist);
const ReportsPage = framed(Reports);
const AccessPage = framed(() => <Reports page="access" />);
const AdminPage = framed(Admin);
const InstrumentAdminPage = framed(() => <Admin page="instruments" />);
const PlanAdminPage = framed(() => <Admin page="plans" />);
const OrganisationAdminPage = framed(() => <Admin page="organisation" />);
const StaffAdminPage = framed(() => <Admin page="staff" />);
const TrainerPage = framed(Trainer);
const NetworkPage = framed(() => <Trainer page="network" />);
const FollowUpPage = framed(() => <Trainer page="follow-up" />);
const AnswersPage = framed(({ id }: { id: string }) => <Trainer id={id} page="answers" />);
const TraineePage = framed(Trainee);
const RegistrationPage = framed(() => <Trainee page="registration" />);
const SignalsPage = framed(() => <Therapist page="signals" />);
const NewCoursePage = framed(() => <Therapist page="new" />);
const EvaluationPage = framed(({ id }: { id: string }) => <Therapist id={id} page="evaluation" />);

function App() {
  return (
    <LangProvider>
      <LocationProvider>
        <ErrorBoundary>
          <Router>
            <Route path="/tablet" component={Patient} />
            <Route path="/f/:link" component={Patient} />
            <Route path="/" component={HomePage} />
            <Route path="/instrumenter" component={LibraryPage} />
            <Route path="/instrumenter/:id" component={LibraryPage} />
            <Route path="/instrumenter/:id/:version" component={LibraryPage} />
            <Route path="/terapeut" component={TherapistPage} />
            <Route path="/terapeut/om-signalene" component={SignalsPage} />
            <Route path="/terapeut/nytt" component={NewCoursePage} />
            <Route path="/terapeut/forlop/:id" component={TherapistPage} />
            <Route path="/terapeut/forlop/:id/evaluering" component={EvaluationPage} />
            <Route path="/enhet" component={ReportsPage} />
            <Route path="/enhet/tilgang" component={AccessPage} />
            <Route path="/admin" component={AdminPage} />
            <Route path="/admin/instrumenter" component={InstrumentAdminPage} />
            <Route path="/admin/maleplaner" component={PlanAdminPage} />
            <Route path="/admin/enheter" component={OrganisationAdminPage} />
            <Route path="/admin/ansatte" component={StaffAdminPage} />
            <Route path="/kurs" component={TrainerPage} />
            <Route path="/kurs/nettverk" component={NetworkPage} />
            <Route path="/kurs/oppfolging" component={FollowUpPage} />
            <Route path="/kurs/pamelding" component={RegistrationPage} />
            <Route path="/kurs/ovelser" component={TraineePage} />
            <Route path="/kurs/ovelser/:id" component={TraineePage} />
            <Route path="/kurs/ovelse/:id/svar" component={AnswersPage} />
            <Route path="/kurs/evaluer" component={Evaluation} />
            <Route path="/kurs/evaluer/:code" component={Evaluation} />
            {/* After every fixed /kurs/… path: the router takes the first route that matches. */}
            <Route path="/kurs/:id" component={TrainerPage} />
            <Route default component={NotFoundPage} />
          </Router>
        </ErrorBoundary>
      </LocationProvider>
    </LangProvider>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
