/**
 * The instrument library: browse instruments and versions, read each in bokmål or English with
 * its source and licence, fill it in and see the score with its interpretation.
 */
import { InstrumentList } from './InstrumentList';
import { InstrumentPage } from './InstrumentPage';

export default function LibraryArea({ id, version }: { id?: string; version?: string }) {
  return id ? <InstrumentPage id={id} version={version} /> : <InstrumentList />;
}
