/**
 * One participant in the course room: attendance per day (saved on each tick) and completion; a
 * completed train-the-trainer participant becomes a trainer.
 */
import { postJson, sendJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import type { Participant } from './types';

export function ParticipantRow({
  participant: p,
  days,
  base,
  trainTheTrainer,
  act,
}: {
  participant: Participant;
  days: number[];
  base: string;
  trainTheTrainer: boolean;
  act: (work: () => Promise<unknown>, done: string) => Promise<void>;
}) {
  const { t } = useLang();
  return (
    <tr>
      <th scope="row">
        {p.name}
        {p.email && <span class="muted small"> {p.email}</span>}
      </th>
      <td>{[p.role, p.unitName].filter(Boolean).join(', ') || '–'}</td>
      {days.map((d) => (
        <td key={d}>
          <label class="check">
            {/* Uncontrolled: the tick stays while the change is saved; the key renews it from
                the server's answer. */}
            <input
              key={`${d}-${p.attendance[String(d)] === true}`}
              type="checkbox"
              defaultChecked={p.attendance[String(d)] === true}
              disabled={p.completed}
              onChange={(e) =>
                act(
                  () =>
                    sendJson('PUT', `${base}/participants/${p.id}/attendance`, {
                      day: d,
                      present: (e.currentTarget as HTMLInputElement).checked,
                    }),
                  t(`Oppmøte lagret for ${p.name}.`, `Attendance saved for ${p.name}.`),
                )
              }
            />
            <span class="visually-hidden">
              {t(`${p.name} til stede dag ${d}`, `${p.name} present on day ${d}`)}
            </span>
          </label>
        </td>
      ))}
      <td>
        {p.completed ? (
          <strong>
            {trainTheTrainer ? t('Ny trener', 'New trainer') : t('Fullført', 'Completed')}
          </strong>
        ) : (
          <button
            type="button"
            class="link-button"
            onClick={() =>
              act(
                () => postJson(`${base}/participants/${p.id}/complete`, {}),
                trainTheTrainer
                  ? t(
                      `${p.name} har fullført og er nå trener.`,
                      `${p.name} has completed and is now a trainer.`,
                    )
                  : t(`${p.name} har fullført.`, `${p.name} has completed.`),
              )
            }
          >
            {t('Marker fullført', 'Mark completed')}
            <span class="visually-hidden"> {p.name}</span>
          </button>
        )}
      </td>
    </tr>
  );
}
