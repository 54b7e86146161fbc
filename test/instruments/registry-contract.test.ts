/**
 * One contract test over the whole registry: the public contract of DESIGN.md (item ids, score
 * keys, interpretation keys), frozen released versions, and the consistency of every definition.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_DEFINITION_FILES,
  builtInRegistry,
  createRegistry,
  definitionProblems,
  type InstrumentDefinition,
  parseDefinitions,
} from '../../instruments';

const DEFINITIONS_DIR = path.resolve(__dirname, '../../instruments/definitions');

/**
 * Released versions are frozen. A change to a released file fails here: make a new version
 * instead, add its hash, and record it in instruments/CHANGELOG.md.
 */
const RELEASED_SHA256: Record<string, string> = {
  'audit/1.0.0.json': '78c542d6065979cb1ea7f97ce0acda8d5f7c4317efd6ea1ad579dfd27978486b',
  'course-evaluation/1.0.0.json':
    '1772a68bc6105cc6b1b74f17f77004b78b44056d5333dd51f3d6c17212086844',
  'dudit/1.0.0.json': '988984609874b00274c8c8ffeaf76c8a2a9ce54bc466340ff769a7491a299138',
  'dudit-e/1.0.0.json': 'd6416188e5bb57da09cddacc0f64c0d7ca5c1703063472f849338a2c559f34fb',
  'gaf/1.0.0.json': '635f0cf77dbe534ef6cf9eeb066a28b3b2b5f63ee82b0e27b45d94fcb62bd411',
  'gas/1.0.0.json': '7b022293b3f1d18a570e6a82d3bbc72ff09fd99222748674aa97a6fcc873eaab',
  'hscl-25/1.0.0.json': '1204c3801cd8bc30f4a74b3c90f7f93fac77de71dcc5d871f072fe425ecf259b',
  'psq-18/1.0.0.json': 'ab02a307e24d66f103a0d147efbac143ee577739af4f07dff8946792944b2dc3',
  'session-alliance/1.0.0.json': 'bca4088a9699cd2a5d91cecd6efdcfd62c9a8c80890dab62f4e17e9c61ea738b',
  'session-outcome/1.0.0.json': '725509d27d406ba6e4587ea88db64f880684c207f15fb39323f5dec81895f0e0',
};

const range = (a: number, b: number, prefix = '') =>
  Array.from({ length: b - a + 1 }, (_, i) => `${prefix}${a + i}`);

/** DESIGN.md, "Public scoring contract": fixed, code outside the project depends on it. */
const CONTRACT: Record<string, { items: string[]; scores: string[]; interpretation: string[] }> = {
  audit: {
    items: range(1, 10),
    scores: ['total', 'consumption', 'dependence', 'harm'],
    interpretation: ['zone', 'escalate', 'riskLevel', 'auditCPositive'],
  },
  'course-evaluation': {
    items: ['relevance', 'understandable', 'structured', 'action', 'comments'],
    scores: ['relevance', 'understandable', 'structured', 'action', 'mean'],
    interpretation: [],
  },
  dudit: {
    items: range(1, 11),
    scores: ['total'],
    interpretation: ['probableDependence', 'drugProblems'],
  },
  'dudit-e': {
    items: [
      ...range(1, 10).flatMap((i) => [`d${i}`, `d${i}r`]),
      ...range(1, 17, 'p'),
      ...range(1, 17, 'n'),
      ...range(1, 10, 't'),
    ],
    scores: ['frequency', 'positive', 'negative', 'readiness'],
    interpretation: [],
  },
  'hscl-25': {
    items: range(1, 25),
    scores: ['total', 'anxiety', 'depression'],
    interpretation: ['case', 'criticalItem'],
  },
  gaf: {
    items: ['symptom', 'function'],
    scores: ['symptom', 'function', 'total'],
    interpretation: [],
  },
  gas: {
    items: [...range(1, 6, 'g'), ...range(1, 6, 'w')],
    scores: ['tScore'],
    interpretation: [],
  },
  'psq-18': {
    items: range(1, 18),
    scores: [
      'general',
      'technical',
      'interpersonal',
      'communication',
      'financial',
      'time',
      'accessibility',
    ],
    interpretation: [],
  },
  'session-outcome': { items: range(1, 4), scores: ['total'], interpretation: ['clinicalRange'] },
  'session-alliance': {
    items: range(1, 4),
    scores: ['total'],
    interpretation: ['allianceConcern'],
  },
};

/** Allowed values per item, where the contract fixes them. */
const ALLOWED: Record<
  string,
  (itemId: string) => number[] | 'visual-analogue' | 'number' | 'text'
> = {
  audit: (id) => (id === '9' || id === '10' ? [0, 2, 4] : [0, 1, 2, 3, 4]),
  'course-evaluation': (id) => (id === 'comments' ? 'text' : range(1, 10).map(Number)),
  dudit: (id) => (id === '10' || id === '11' ? [0, 2, 4] : [0, 1, 2, 3, 4]),
  'dudit-e': (id) =>
    id.endsWith('r')
      ? [0, 1]
      : id.startsWith('d')
        ? [0, 1, 2, 3, 4, 5]
        : id.startsWith('t')
          ? [0, 1, 2]
          : [0, 1, 2, 3, 4],
  'hscl-25': () => [1, 2, 3, 4],
  gaf: () => 'number',
  gas: (id) => (id.startsWith('g') ? [-2, -1, 0, 1, 2] : 'number'),
  'psq-18': () => [1, 2, 3, 4, 5],
  'session-outcome': () => 'visual-analogue',
  'session-alliance': () => 'visual-analogue',
};

const canonicalHash = (file: string) =>
  createHash('sha256')
    .update(JSON.stringify(JSON.parse(readFileSync(path.join(DEFINITIONS_DIR, file), 'utf8'))))
    .digest('hex');

const registry = builtInRegistry();
const all = registry.all();

describe('instrument registry', () => {
  it('registers exactly the definition files on disk', () => {
    const onDisk = readdirSync(DEFINITIONS_DIR).flatMap((id) =>
      readdirSync(path.join(DEFINITIONS_DIR, id)).map((f) => `${id}/${f}`),
    );
    expect(Object.keys(BUILT_IN_DEFINITION_FILES).sort()).toEqual(onDisk.sort());
  });

  it('ships exactly the instruments of the contract', () => {
    expect(registry.latest().map((d) => d.id)).toEqual(Object.keys(CONTRACT).sort());
  });

  it.each(Object.keys(BUILT_IN_DEFINITION_FILES))('released version %s is frozen', (file) => {
    const def = all.find((d) => `${d.id}/${d.version}.json` === file);
    if (def?.status !== 'released') return;
    expect(RELEASED_SHA256[file], `${file} is released but has no frozen hash`).toBeDefined();
    expect(canonicalHash(file), `${file} changed after release: make a new version`).toBe(
      RELEASED_SHA256[file],
    );
  });

  it('"latest" is the highest released version; drafts and retired versions are listed but not latest', () => {
    const base = registry.get('audit') as InstrumentDefinition;
    const r = createRegistry([
      base,
      { ...base, version: '1.10.0', status: 'released' },
      { ...base, version: '1.2.0', status: 'released' },
      { ...base, version: '2.0.0', status: 'draft' },
      { ...base, version: '1.11.0', status: 'retired' },
    ]);
    expect(r.get('audit')?.version).toBe('1.10.0');
    expect(r.versions('audit').map((d) => d.version)).toEqual([
      '1.0.0',
      '1.2.0',
      '1.10.0',
      '1.11.0',
      '2.0.0',
    ]);
    expect(r.get('audit', '2.0.0')?.status).toBe('draft');
    expect(r.get('audit', '9.9.9')).toBeUndefined();
    expect(() => createRegistry([base, base])).toThrow(/defined twice/);
  });

  it('rejects a definition file whose name does not match its id and version', () => {
    expect(() =>
      parseDefinitions({ 'audit/9.0.0.json': BUILT_IN_DEFINITION_FILES['audit/1.0.0.json'] }),
    ).toThrow(/declares audit 1.0.0/);
  });
});

describe.each(all.map((d) => [`${d.id} ${d.version}`, d] as const))('%s', (_, def) => {
  const contract = CONTRACT[def.id];

  it('follows the public contract: item ids, score keys, interpretation keys', () => {
    expect(contract).toBeDefined();
    expect(def.items.map((i) => i.id)).toEqual(contract?.items);
    expect(def.scoring.scales.map((s) => s.key)).toEqual(contract?.scores);
    expect(def.scoring.interpretation.map((r) => r.key)).toEqual(contract?.interpretation);
  });

  it('allows exactly the values of the contract', () => {
    for (const item of def.items) {
      const allowed = ALLOWED[def.id]?.(item.id);
      if (allowed === 'visual-analogue' || allowed === 'number' || allowed === 'text')
        expect(item.kind).toBe(allowed);
      else
        expect(item.kind === 'choice' ? item.options.map((o) => o.value) : item.kind).toEqual(
          allowed,
        );
    }
  });

  it('is consistent: references, unique ids and values, contiguous bands covering the range', () => {
    expect(definitionProblems(def)).toEqual([]);
  });

  it('has a text and every option label in bokmål and English', () => {
    for (const item of def.items) {
      expect(item.text.nb.trim()).not.toBe('');
      expect(item.text.en.trim()).not.toBe('');
      if (item.kind === 'choice')
        for (const o of item.options) expect(o.label.nb && o.label.en).toBeTruthy();
    }
  });

  it('uses no stigmatising words in patient-facing Norwegian text', () => {
    const text = JSON.stringify([
      def.title.nb,
      def.description.nb,
      def.instructions.nb,
      def.items.map((i) => i.text.nb),
    ]);
    expect(text).not.toMatch(/misbruk/i);
  });

  it("declares its source, licence and each translation's status", () => {
    expect(def.source.length).toBeGreaterThan(0);
    expect(def.licence.summary.nb).not.toBe('');
    expect(['official', 'working']).toContain(def.translations.nb.status);
    expect(['official', 'working']).toContain(def.translations.en.status);
  });

  it('gives each unweighted sum scale the range its options allow', () => {
    for (const scale of def.scoring.scales) {
      if (scale.method !== 'sum' || scale.weights || scale.missingValues) continue;
      const items = scale.items.map((id) => def.items.find((i) => i.id === id));
      const bounds = items.map((item) => {
        if (item?.kind === 'choice') {
          const values = item.options.map((o) => o.value);
          return [Math.min(...values), Math.max(...values)];
        }
        if (item?.kind === 'visual-analogue') return [0, 10];
        return [Number.NaN, Number.NaN];
      });
      expect([
        bounds.reduce((s, b) => s + (b[0] ?? 0), 0),
        bounds.reduce((s, b) => s + (b[1] ?? 0), 0),
      ]).toEqual([scale.range.min, scale.range.max]);
    }
  });
});

describe('unverified facts are labelled in the definitions', () => {
  it.each([
    ['hscl-25', 'project-default', /80 %/],
    ['dudit-e', 'unverified', /motivational index/],
    ['audit', 'unverified', /ambiguous/],
    ['gaf', 'caution', /no longer recommends/],
    ['course-evaluation', 'caution', /may still identify/],
  ] as const)('%s has a %s note matching %s', (id, kind, pattern) => {
    const notes = registry.get(id)?.notes ?? [];
    expect(notes.some((n) => n.kind === kind && pattern.test(n.text.en))).toBe(true);
  });
});
