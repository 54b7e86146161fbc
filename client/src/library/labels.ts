import type {
  DefinitionNote,
  InstrumentDefinition,
  TranslationStatus,
} from '../../../instruments/definition-schema';

type T = (nb: string, en: string) => string;

export function raterLabel(rater: InstrumentDefinition['rater'], t: T): string {
  switch (rater) {
    case 'patient':
      return t('Fylles ut av pasienten', 'Filled in by the patient');
    case 'clinician':
      return t('Fylles ut av behandleren', 'Rated by the clinician');
    case 'joint':
      return t('Settes sammen av pasient og behandler', 'Set jointly by patient and clinician');
    case 'participant':
      return t(
        'Fylles ut anonymt av kursdeltakeren',
        'Filled in anonymously by the course participant',
      );
  }
}

export function translationLabel(status: TranslationStatus, t: T): string {
  return status.status === 'official'
    ? t('Offisiell oversettelse', 'Official translation')
    : t('Arbeidsversjon (ikke validert)', 'Working version (not validated)');
}

export function noteKindLabel(kind: DefinitionNote['kind'], t: T): string {
  switch (kind) {
    case 'unverified':
      return t('Ikke bekreftet', 'Unverified');
    case 'project-default':
      return t('KOR-standard (ikke fra kilden)', 'KOR default (not from the source)');
    case 'caution':
      return t('Obs', 'Caution');
    case 'info':
      return t('Merk', 'Note');
  }
}

export function commercialUseLabel(
  use: InstrumentDefinition['licence']['commercialUse'],
  t: T,
): string {
  switch (use) {
    case 'allowed':
      return t('Fri bruk', 'Free to use');
    case 'prohibited':
      return t('Ikke kommersiell bruk', 'Non-commercial use only');
    case 'licence-required':
      return t('Krever lisens', 'Licence required');
    case 'unverified':
      return t('Lisens ikke bekreftet', 'Licence unverified');
  }
}

export function scaleMethodLabel(method: string, t: T): string {
  switch (method) {
    case 'sum':
      return t('sum', 'sum');
    case 'mean':
      return t('gjennomsnitt', 'mean');
    case 'min':
      return t('laveste verdi', 'lowest value');
    default:
      return t('T-skår', 'T-score');
  }
}
