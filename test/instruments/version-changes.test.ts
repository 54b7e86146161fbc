/**
 * Comparing two versions and the rules for what may follow what: item ids and score keys never
 * change; within a major version only wording may. And the catalogue: published versions join
 * the built-in ones, a retired version stays readable but is never the latest.
 */
import { describe, expect, it } from 'vitest';
import {
  builtInRegistry,
  createCatalogue,
  type InstrumentDefinition,
  successionProblems,
  versionChanges,
  versionKey,
} from '../../instruments';

const audit = builtInRegistry().get('audit', '1.0.0') as InstrumentDefinition;
const outcome = builtInRegistry().get('session-outcome', '1.0.0') as InstrumentDefinition;
const copy = <T>(x: T): T => structuredClone(x);

describe('versionChanges', () => {
  it('finds nothing between a version and itself', () => {
    expect(versionChanges(audit, copy(audit))).toEqual([]);
  });

  it('names a reworded item, a relabelled option, a changed value and a changed cut-off', () => {
    const next = copy(audit) as any;
    next.version = '2.0.0';
    next.items[0].text.nb = 'Hvor ofte har du drukket alkohol?';
    next.items[0].options[1].label.nb = 'Én gang i måneden eller sjeldnere';
    next.items[8].options[2].value = 3;
    next.scoring.interpretation[0].bands[0].max = 6;
    next.scoring.interpretation[0].bands[1].min = 7;
    const changes = versionChanges(audit, next).map((c) => `${c.area} ${c.subject} ${c.kind}`);
    expect(changes).toEqual(
      expect.arrayContaining([
        'item 1: text changed',
        'option 1 = 1 changed',
        'item 9: answer format changed',
        'option 9 = 3 added',
        'option 9 = 4 removed',
        'interpretation zone changed',
      ]),
    );
    expect(changes.filter((c) => c.startsWith('scoring'))).toEqual([]);
  });

  it('shows a translation status in words', () => {
    const next = copy(outcome);
    next.translations.nb = { status: 'official', source: 'Lisens 2026' };
    expect(versionChanges(outcome, next)).toEqual([
      {
        area: 'translation',
        subject: 'nb',
        kind: 'changed',
        before: expect.stringMatching(/^working: /),
        after: 'official: Lisens 2026',
      },
    ]);
  });
});

describe('successionProblems', () => {
  const reworded = { ...copy(outcome), version: '1.1.0' };
  reworded.items[0] = { ...reworded.items[0], text: { nb: 'Ny tekst', en: 'New text' } } as never;

  it('lets a minor version change the wording only', () => {
    expect(successionProblems([outcome], reworded)).toEqual([]);
  });

  it('asks for a new major version when values or scoring change', () => {
    const rescored = copy(reworded) as any;
    rescored.scoring.interpretation[0].value = 20;
    expect(successionProblems([outcome], rescored)).toEqual([
      expect.stringContaining('needs a new major version'),
    ]);
    expect(successionProblems([outcome], { ...rescored, version: '2.0.0' })).toEqual([]);
  });

  it('keeps item ids, score keys and the rater in every version, and numbers only go up', () => {
    const renamed = copy(reworded) as any;
    renamed.version = '2.0.0';
    renamed.items[3].id = '5';
    renamed.scoring.scales[0].items = ['1', '2', '3', '5'];
    renamed.scoring.scales[0].key = 'sum';
    renamed.rater = 'clinician';
    const problems = successionProblems([outcome], renamed).join('\n');
    expect(problems).toContain('item ids must stay 1, 2, 3, 4');
    expect(problems).toContain('score keys must stay total');
    expect(problems).toContain('rater must stay patient');
    expect(successionProblems([outcome, reworded], { ...reworded, version: '1.0.5' })).toEqual([
      expect.stringContaining('must be higher than 1.1.0'),
    ]);
    expect(successionProblems([outcome], copy(outcome))).toEqual([
      expect.stringContaining('exists already'),
    ]);
  });

  it('has nothing to say about the first version of a new instrument', () => {
    expect(successionProblems([], { ...outcome, id: 'ny' })).toEqual([]);
  });
});

describe('the catalogue', () => {
  it('adds published versions, and a retired one is readable but never the latest', () => {
    const catalogue = createCatalogue(builtInRegistry().all());
    const released = { ...copy(outcome), version: '1.1.0' };
    catalogue.replace([released], new Set());
    expect(catalogue.get('session-outcome')?.version).toBe('1.1.0');
    catalogue.replace([released], new Set([versionKey('session-outcome', '1.1.0')]));
    expect(catalogue.get('session-outcome')?.version).toBe('1.0.0');
    expect(catalogue.get('session-outcome', '1.1.0')?.status).toBe('retired');
    expect(catalogue.latest().map((d) => d.id)).toEqual(
      builtInRegistry()
        .latest()
        .map((d) => d.id),
    );
    // The built-in registry itself is never changed.
    expect(builtInRegistry().versions('session-outcome')).toHaveLength(1);
  });
});
