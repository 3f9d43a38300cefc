import type { TicketRecord } from '../../storage/repositories';
import { DirectLineTestClient } from '../support/direct-line-client';
import { type RunningService, startTestService } from '../support/test-service';

const UNIT = 'pelayanan-kiriman';
const PASSWORD = 'kata-sandi-rahasia-1';
const ROLES = ['officer', 'coordinator', 'supervisor', 'editor', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Caller = Role | 'anonymous';

interface Answer {
  status: number;
  json: Record<string, any>;
}

/** A browser on the desk API: keeps the session cookie and sends the CSRF header on changes. */
class DeskBrowser {
  cookie = '';

  constructor(readonly baseUrl: string) {}

  async request(method: string, urlPath: string, body?: unknown, options: { csrf?: boolean } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && options.csrf !== false) headers['x-requested-with'] = 'tanya-pabean';
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie?.startsWith('tp_session=')) this.cookie = setCookie.split(';')[0];
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  }
}

/** What one cell of the matrix needs: a fresh ticket, a fresh target account, or a fresh session. */
interface CellContext {
  ticket: TicketRecord;
  targetUsername: string;
  browser: DeskBrowser;
  password: string;
}

interface DeskAction {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: (context: CellContext) => string;
  body?: (context: CellContext) => unknown;
  /** Roles whose request succeeds; every other role gets 403, and no session gets 401. */
  allowed: readonly Role[];
  success: number;
  /** Prepares the target account (e.g. disabled before "enable"). */
  target?: 'disabled';
  /** Signs in a separate session for this cell (sign-out must not end the shared one). */
  freshSession?: boolean;
}

const DESK_ROLES: readonly Role[] = ['officer', 'coordinator', 'supervisor'];
const EVERY_ROLE: readonly Role[] = ROLES;

const ACTIONS: DeskAction[] = [
  { name: 'read own account', method: 'GET', path: () => '/api/desk/me', allowed: EVERY_ROLE, success: 200 },
  {
    name: 'change own password',
    method: 'POST',
    path: () => '/api/desk/me/password',
    body: (context) => ({ currentPassword: context.password, newPassword: `${context.password}-baru` }),
    allowed: EVERY_ROLE,
    success: 200,
    freshSession: true,
  },
  { name: 'sign out', method: 'DELETE', path: () => '/api/desk/session', allowed: EVERY_ROLE, success: 204, freshSession: true },
  { name: 'list the queue', method: 'GET', path: () => '/api/desk/tickets', allowed: DESK_ROLES, success: 200 },
  { name: 'read a ticket', method: 'GET', path: ({ ticket }) => `/api/desk/tickets/${ticket.ticketId}`, allowed: DESK_ROLES, success: 200 },
  { name: 'reveal collected data', method: 'POST', path: ({ ticket }) => `/api/desk/tickets/${ticket.ticketId}/reveal`, allowed: DESK_ROLES, success: 200 },
  { name: 'claim', method: 'POST', path: ({ ticket }) => `/api/desk/tickets/${ticket.ticketId}/claim`, body: ({ ticket }) => ({ revision: ticket.revision }), allowed: DESK_ROLES, success: 200 },
  { name: 'add a note', method: 'POST', path: ({ ticket }) => `/api/desk/tickets/${ticket.ticketId}/notes`, body: () => ({ text: 'Catatan internal' }), allowed: DESK_ROLES, success: 201 },
  {
    name: 'reply',
    method: 'POST',
    path: ({ ticket }) => `/api/desk/tickets/${ticket.ticketId}/reply`,
    body: ({ ticket }) => ({ revision: ticket.revision, text: 'Jawaban petugas' }),
    allowed: DESK_ROLES,
    success: 200,
  },
  {
    name: 'escalate',
    method: 'POST',
    path: ({ ticket }) => `/api/desk/tickets/${ticket.ticketId}/escalate`,
    body: ({ ticket }) => ({ revision: ticket.revision, hop: 'coordinator', note: 'Perlu koordinasi' }),
    allowed: DESK_ROLES,
    success: 200,
  },
  { name: 'close', method: 'POST', path: ({ ticket }) => `/api/desk/tickets/${ticket.ticketId}/close`, body: ({ ticket }) => ({ revision: ticket.revision }), allowed: DESK_ROLES, success: 200 },
  { name: 'list accounts', method: 'GET', path: () => '/api/desk/accounts', allowed: ['admin'], success: 200 },
  {
    name: 'create an account',
    method: 'POST',
    path: () => '/api/desk/accounts',
    body: ({ targetUsername }) => ({ username: `${targetUsername}-new`, roles: ['officer'], unit: UNIT }),
    allowed: ['admin'],
    success: 201,
  },
  { name: 'disable an account', method: 'POST', path: ({ targetUsername }) => `/api/desk/accounts/${targetUsername}/disable`, allowed: ['admin'], success: 200 },
  { name: 'enable an account', method: 'POST', path: ({ targetUsername }) => `/api/desk/accounts/${targetUsername}/enable`, allowed: ['admin'], success: 200, target: 'disabled' },
  { name: 'reset a password', method: 'POST', path: ({ targetUsername }) => `/api/desk/accounts/${targetUsername}/reset`, allowed: ['admin'], success: 200 },
];

const CALLERS: Caller[] = [...ROLES, 'anonymous'];
const MATRIX = CALLERS.flatMap((caller) =>
  ACTIONS.map((action) => ({
    caller,
    action,
    expected: caller === 'anonymous' ? 401 : action.allowed.includes(caller) ? action.success : 403,
  })),
);

describe('officer desk roles: every role against every action', () => {
  let running: RunningService;
  let citizen: DirectLineTestClient;
  const browsers = new Map<Caller, DeskBrowser>();
  let cellNumber = 0;

  const signIn = async (username: string, password = PASSWORD): Promise<DeskBrowser> => {
    const browser = new DeskBrowser(running.url);
    const answer = await browser.request('POST', '/api/desk/session', { username, password });
    if (answer.status !== 200) throw new Error(`sign-in of ${username}: ${answer.status} ${JSON.stringify(answer.json)}`);
    return browser;
  };

  beforeAll(async () => {
    running = await startTestService();
    for (const role of ROLES) {
      await running.service.accounts.createAccount({ username: `matrix.${role}`, displayName: role, roles: [role], unit: DESK_ROLES.includes(role) ? UNIT : undefined, password: PASSWORD }, 'test');
      browsers.set(role, await signIn(`matrix.${role}`));
    }
    browsers.set('anonymous', new DeskBrowser(running.url));
    // Replies in the matrix really travel: to one citizen's web chat conversation.
    citizen = new DirectLineTestClient(running.url);
    await citizen.start();
  });

  afterAll(() => running.stop());

  /** A fresh ticket, target account and (where the action needs it) session, so every cell starts from the same state. */
  const prepareCell = async (caller: Caller, action: DeskAction): Promise<CellContext> => {
    cellNumber += 1;
    const now = new Date();
    const ticket = await running.service.desk.openTicket({
      channelId: 'webchat',
      conversationId: citizen.conversationId,
      conversationReference: {
        channelId: 'webchat',
        serviceUrl: 'urn:tanya-pabean:webchat',
        conversation: { id: citizen.conversationId },
        bot: { id: 'tanya-pabean', name: 'Tanya Pabean', role: 'bot' },
        user: { id: citizen.userId },
      },
      citizenName: 'Budi',
      topic: 'consignment.held_documents',
      unit: UNIT,
      collectedData: { nik: '3174015501900001' },
      receivedAt: now,
      transcript: [{ from: 'citizen', text: 'paket saya tertahan', at: now }],
    });
    const targetUsername = `target-${cellNumber}`;
    await running.service.accounts.createAccount({ username: targetUsername, displayName: 'Target', roles: ['officer'], unit: UNIT, password: PASSWORD }, 'test');
    if (action.target === 'disabled') await running.service.accounts.setDisabled(targetUsername, true, 'test');

    let browser = browsers.get(caller) as DeskBrowser;
    const password = PASSWORD;
    if (action.freshSession && caller !== 'anonymous') {
      // A throwaway account with the caller's role, so changing its password or signing out leaves the shared session alone.
      const username = `${caller}-${cellNumber}`;
      await running.service.accounts.createAccount({ username, displayName: caller, roles: [caller], unit: DESK_ROLES.includes(caller) ? UNIT : undefined, password }, 'test');
      browser = await signIn(username, password);
    }
    return { ticket, targetUsername, browser, password };
  };

  test.each(MATRIX)('$caller → $action.name: $expected', async ({ caller, action, expected }) => {
    const context = await prepareCell(caller, action);
    const answer = await context.browser.request(action.method, action.path(context), action.body?.(context));
    expect({ status: answer.status, body: answer.json }).toEqual({
      status: expected,
      body: expected === 204 ? undefined : expect.anything(),
    });
    if (expected === 401) expect(answer.json.error.code).toBe('Unauthenticated');
    if (expected === 403) expect(answer.json.error.code).toBe('Forbidden');
  });

  test.each(ACTIONS.filter((action) => action.method !== 'GET'))('without X-Requested-With, "$name" is refused with 403 even for a role that may do it', async (action) => {
    const caller = action.allowed[0];
    const context = await prepareCell(caller, action);
    const answer = await context.browser.request(action.method, action.path(context), action.body?.(context), { csrf: false });
    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe('CsrfHeaderMissing');
  });
});
