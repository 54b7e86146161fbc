/**
 * The instrument registry: every version KOR knows, and which one is "latest" (the highest
 * released version). Built-in versions are static JSON files, frozen once released.
 */
import { definitionProblems } from './check-definition';
import { definitionSchema, type InstrumentDefinition } from './definition-schema';
import audit100 from './definitions/audit/1.0.0.json';
import courseEvaluation100 from './definitions/course-evaluation/1.0.0.json';
import dudit100 from './definitions/dudit/1.0.0.json';
import duditE100 from './definitions/dudit-e/1.0.0.json';
import gaf100 from './definitions/gaf/1.0.0.json';
import gas100 from './definitions/gas/1.0.0.json';
import hscl25100 from './definitions/hscl-25/1.0.0.json';
import psq18100 from './definitions/psq-18/1.0.0.json';
import sessionAlliance100 from './definitions/session-alliance/1.0.0.json';
import sessionOutcome100 from './definitions/session-outcome/1.0.0.json';
import { compareSemver } from './semver';

/** Every built-in version file. A new version is a new file added here, never an edit. */
export const BUILT_IN_DEFINITION_FILES: Readonly<Record<string, unknown>> = {
  'audit/1.0.0.json': audit100,
  'course-evaluation/1.0.0.json': courseEvaluation100,
  'dudit/1.0.0.json': dudit100,
  'dudit-e/1.0.0.json': duditE100,
  'gaf/1.0.0.json': gaf100,
  'gas/1.0.0.json': gas100,
  'hscl-25/1.0.0.json': hscl25100,
  'psq-18/1.0.0.json': psq18100,
  'session-alliance/1.0.0.json': sessionAlliance100,
  'session-outcome/1.0.0.json': sessionOutcome100,
};

export interface InstrumentRegistry {
  /** The latest released version of each instrument, ordered by id. */
  latest(): InstrumentDefinition[];
  /** Every version of every instrument, ordered by id and version. */
  all(): InstrumentDefinition[];
  versions(id: string): InstrumentDefinition[];
  /** A given version, or the latest released one when `version` is omitted. */
  get(id: string, version?: string): InstrumentDefinition | undefined;
}

export function createRegistry(definitions: readonly InstrumentDefinition[]): InstrumentRegistry {
  const byId = new Map<string, InstrumentDefinition[]>();
  for (const def of definitions) {
    const list = byId.get(def.id) ?? [];
    if (list.some((d) => d.version === def.version)) {
      throw new Error(`instrument registry: ${def.id} ${def.version} is defined twice`);
    }
    list.push(def);
    byId.set(def.id, list);
  }
  for (const list of byId.values()) list.sort((a, b) => compareSemver(a.version, b.version));
  const ids = [...byId.keys()].sort();

  const latestOf = (id: string) =>
    byId
      .get(id)
      ?.filter((d) => d.status === 'released')
      .at(-1);

  return {
    latest: () => ids.map(latestOf).filter((d): d is InstrumentDefinition => d !== undefined),
    all: () => ids.flatMap((id) => byId.get(id) ?? []),
    versions: (id) => [...(byId.get(id) ?? [])],
    get: (id, version) =>
      version === undefined ? latestOf(id) : byId.get(id)?.find((d) => d.version === version),
  };
}

/** Parses and checks definitions; a broken built-in definition is a programmer error. */
export function parseDefinitions(files: Readonly<Record<string, unknown>>): InstrumentDefinition[] {
  return Object.entries(files).map(([file, raw]) => {
    const parsed = definitionSchema.safeParse(raw);
    if (!parsed.success) {
      throw new Error(`instrument definition ${file} is invalid: ${parsed.error.message}`);
    }
    const def = parsed.data;
    if (file !== `${def.id}/${def.version}.json`) {
      throw new Error(`instrument definition ${file} declares ${def.id} ${def.version}`);
    }
    const problems = definitionProblems(def);
    if (problems.length > 0) throw new Error(problems.join('\n'));
    return def;
  });
}

let builtIn: InstrumentRegistry | undefined;

export function builtInRegistry(): InstrumentRegistry {
  builtIn ??= createRegistry(parseDefinitions(BUILT_IN_DEFINITION_FILES));
  return builtIn;
}

/** A registry whose versions beyond the built-in ones can be replaced as a whole. */
export interface InstrumentCatalogue extends InstrumentRegistry {
  /**
   * The published versions that live beside the built-in ones, and the versions retired
   * (`id@version`, built-in or not): a retired version stays readable but is never "latest".
   */
  replace(published: readonly InstrumentDefinition[], retired: ReadonlySet<string>): void;
}

export const versionKey = (id: string, version: string) => `${id}@${version}`;

export function createCatalogue(builtIns: readonly InstrumentDefinition[]): InstrumentCatalogue {
  let current = createRegistry(builtIns);
  return {
    latest: () => current.latest(),
    all: () => current.all(),
    versions: (id) => current.versions(id),
    get: (id, version) => current.get(id, version),
    replace(published, retired) {
      const next = createRegistry(
        [...builtIns, ...published].map((d) =>
          retired.has(versionKey(d.id, d.version)) ? { ...d, status: 'retired' as const } : d,
        ),
      );
      current = next;
    },
  };
}
