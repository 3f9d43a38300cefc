import type { AuditRecord } from '../../storage/repositories';
import { forEachBackend } from './storage-backends';

const start = new Date('2026-12-01T08:00:00.000Z');
const minutes = (count: number) => new Date(start.getTime() + count * 60_000);

function record(minute: number, actor: string, action: string, target: string, details: Record<string, unknown> = {}): AuditRecord {
  return { at: minutes(minute), actor, action, target, details };
}

forEachBackend('AuditLogRepository', (_name, getBackend) => {
  const audit = () => getBackend().audit;
  const actions = (records: AuditRecord[]) => records.map((entry) => entry.action);

  test('when records are appended, then they list newest first with every field', async () => {
    await audit().append(record(1, 'acc-1', 'ticket.assign', 'ticket:t-1', { assignee: 'acc-2', hop: 1 }));
    await audit().append(record(3, 'acc-2', 'ticket.reply', 'ticket:t-1'));
    await audit().append(record(2, 'acc-1', 'account.create', 'account:acc-3', { roles: ['officer'] }));

    const listed = await audit().list({}, 10);

    expect(actions(listed)).toEqual(['ticket.reply', 'account.create', 'ticket.assign']);
    expect(listed[2]).toEqual(record(1, 'acc-1', 'ticket.assign', 'ticket:t-1', { assignee: 'acc-2', hop: 1 }));
    expect(listed[2].at).toBeInstanceOf(Date);
  });

  test('when records share a timestamp, then the one appended last comes first', async () => {
    for (const action of ['first', 'second', 'third']) await audit().append(record(5, 'acc-1', action, 'entry:e-1'));

    expect(actions(await audit().list({}, 10))).toEqual(['third', 'second', 'first']);
  });

  test('when listing by target or actor, then only matching records come, newest first', async () => {
    await audit().append(record(1, 'acc-1', 'a', 'ticket:t-1'));
    await audit().append(record(2, 'acc-2', 'b', 'ticket:t-2'));
    await audit().append(record(3, 'acc-2', 'c', 'ticket:t-1'));
    await audit().append(record(4, 'acc-1', 'd', 'account:acc-2'));

    expect(actions(await audit().list({ target: 'ticket:t-1' }, 10))).toEqual(['c', 'a']);
    expect(actions(await audit().list({ actor: 'acc-1' }, 10))).toEqual(['d', 'a']);
    expect(actions(await audit().list({ target: 'ticket:t-1', actor: 'acc-2' }, 10))).toEqual(['c']);
    await expect(audit().list({ target: 'ticket:none' }, 10)).resolves.toEqual([]);
  });

  test('when listing with a limit, then the newest records up to the limit come', async () => {
    for (let minute = 1; minute <= 5; minute += 1) await audit().append(record(minute, 'acc-1', `action-${minute}`, 'ticket:t-1'));

    expect(actions(await audit().list({}, 2))).toEqual(['action-5', 'action-4']);
    await expect(audit().list({}, 0)).resolves.toEqual([]);
    await expect(audit().list({}, -1)).rejects.toBeInstanceOf(RangeError);
  });

  test('when the appended record object is changed afterwards, then the stored record is not', async () => {
    const appended = record(1, 'acc-1', 'ticket.reveal', 'ticket:t-1', { field: 'nik' });
    await audit().append(appended);

    appended.details.field = 'changed';
    appended.action = 'changed';

    expect(await audit().list({}, 10)).toEqual([record(1, 'acc-1', 'ticket.reveal', 'ticket:t-1', { field: 'nik' })]);
  });
});
