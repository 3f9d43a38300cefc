// The officers' console: sign-in, the queue with live countdowns, the ticket with its transcript and
// the desk actions, all on the JSON API under /api/desk (openapi/desk.yaml). Changes arrive without
// reload through the server-sent events of /api/desk/events.
// Loaded as an external file: the page's CSP allows no inline script. Text written by citizens
// (and officers) is only ever set with textContent, never parsed as HTML.
(function () {
  'use strict';

  const CSRF = { 'X-Requested-With': 'tanya-pabean' };
  const FILTER_KEY = 'tanya-pabean.console.filters';
  const RECONNECT_MS = 3000;
  const RELOAD_DEBOUNCE_MS = 200;
  const TOAST_MS = 5000;
  const CONFIRM_MS = 4000;

  const STATUS_LABELS = {
    queued: 'Antre',
    assigned: 'Ditangani',
    escalated: 'Dieskalasi',
    answered: 'Dijawab',
    closed: 'Ditutup',
    reopened: 'Dibuka lagi',
  };
  const SLA_LABELS = {
    'on-track': 'Sesuai waktu',
    warning: 'Mendekati batas',
    breached: 'Lewat batas',
    met: 'Terpenuhi',
    'met-late': 'Terpenuhi, terlambat',
  };
  const HOP_LABELS = { coordinator: 'koordinator', superior: 'atasan langsung', unit: 'unit terkait' };
  const TRACK_LABELS = { direct: 'Jalur langsung', escalation: 'Jalur eskalasi' };
  const CHANNEL_LABELS = { webchat: 'Web Chat', msteams: 'Teams', whatsapp: 'WhatsApp', telegram: 'Telegram', messenger: 'Messenger', instagram: 'Instagram', emulator: 'Emulator' };
  /** Receipts and window deliveries on the transcript. */
  const DELIVERY_LABELS = {
    sent: 'Pesan terkirim ke platform',
    delivered: 'Pesan diterima perangkat warga',
    read: 'Pesan dibaca warga',
    failed: 'Platform gagal mengantar pesan',
    queued: 'Di luar 24 jam: templat undangan terkirim, jawaban menunggu balasan warga',
    'delivered-after-window': 'Jawaban yang tertunda terkirim',
  };
  /** The platform's messaging window, as the reply box explains it (DESIGN.md section 6). */
  const WINDOW_TEXTS = {
    open: (window) => 'Jendela pesan terbuka' + (window.changesAt ? ' sampai ' + formatTime(window.changesAt) : ''),
    'human-agent': (window) => 'Di luar 24 jam: balasan dikirim dengan tag HUMAN_AGENT' + (window.changesAt ? ' (sampai ' + formatTime(window.changesAt) + ')' : ''),
    template: () => 'Di luar 24 jam: WhatsApp mengirim templat undangan; jawaban terkirim saat warga membalas',
    closed: (window) => 'Jendela tertutup: balasan tidak dapat dikirim' + (window.reason ? ' (' + window.reason + ')' : ''),
  };
  const FIELD_LABELS = {
    name: 'Nama',
    phone: 'Telepon',
    email: 'Email',
    nik: 'NIK',
    npwp: 'NPWP',
    passport: 'Paspor',
    trackingNumber: 'Nomor resi',
    airWaybill: 'Air waybill',
    imei: 'IMEI',
    pibNumber: 'Nomor PIB',
    pebNumber: 'Nomor PEB',
    billingCode: 'Kode billing',
    nppbkc: 'NPPBKC',
    flightDetails: 'Penerbangan',
    itemDescription: 'Barang',
    documents: 'Dokumen',
  };
  const DAYS = ['Min', 'Sen', 'Sel', 'Rab', 'Kam', 'Jum', 'Sab'];
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
  const ZONES = { '+07:00': 'WIB', '+08:00': 'WITA', '+09:00': 'WIT' };

  const state = {
    account: null,
    permissions: [],
    /** The one-time password just typed, so the forced change need not ask for it again. */
    oneTimePassword: null,
    filters: { unit: '', channel: '', status: '', assignee: '' },
    queue: [],
    /** Server time minus browser time: countdowns follow the server's clock. */
    skewMs: 0,
    openId: null,
    ticket: null,
    events: [],
    /** Clear values after "Tampilkan": { collectedData, events: { [sequence]: { text, note } } }. */
    revealed: null,
    source: null,
    reconnectTimer: null,
    queueTimer: null,
    ticketTimer: null,
    toastTimer: null,
    confirmTimer: null,
    queueRequest: 0,
    ticketRequest: 0,
    fresh: new Set(),
    units: new Set(),
    channels: new Set(['webchat']),
    assignees: new Map(),
  };

  const $ = (id) => document.getElementById(id);

  /* ------------------------------------------------------------------ small helpers */

  /** An element with text content (never HTML) and attributes. */
  function el(tag, options, children) {
    const node = document.createElement(tag);
    const settings = options || {};
    if (settings.className) node.className = settings.className;
    if (settings.text !== undefined && settings.text !== null) node.textContent = String(settings.text);
    if (settings.title) node.title = settings.title;
    if (settings.attrs) {
      Object.keys(settings.attrs).forEach((name) => node.setAttribute(name, settings.attrs[name]));
    }
    (children || []).forEach((child) => {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function show(node, visible) {
    node.hidden = !visible;
  }

  function toast(message, kind) {
    const box = $('toast');
    box.textContent = message;
    box.dataset.kind = kind || 'info';
    show(box, true);
    window.clearTimeout(state.toastTimer);
    state.toastTimer = window.setTimeout(() => show(box, false), TOAST_MS);
  }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') Object.assign(headers, CSRF);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'NetworkError', 'Server tidak dapat dihubungi. Periksa jaringan lalu coba lagi.');
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const error = json && json.error ? json.error : { code: 'HttpError', message: 'HTTP ' + response.status };
      throw new ApiError(response.status, error.code, error.message);
    }
    return json;
  }

  /** Session problems send the officer back to the gate; anything else is shown and returned. */
  function failed(error, what) {
    if (error instanceof ApiError && error.status === 401) {
      signedOut('Sesi Anda berakhir. Silakan masuk lagi.');
      return;
    }
    if (error instanceof ApiError && error.code === 'PasswordChangeRequired') {
      showPasswordChange();
      return;
    }
    toast((what ? what + ': ' : '') + (error.message || 'gagal'), 'error');
  }

  /* ------------------------------------------------------------------ times */

  /** The wall time in the office's zone, read straight from the API's ISO string (which carries the office offset). */
  function parseOfficeTime(iso) {
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(iso || '');
    if (!match) return null;
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const offset = match[7] === 'Z' ? '+00:00' : match[7];
    return {
      year,
      month,
      day,
      hour: match[4],
      minute: match[5],
      weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
      zone: ZONES[offset] || 'UTC' + offset,
    };
  }

  function formatTime(iso, options) {
    const time = parseOfficeTime(iso);
    if (!time) return iso || '';
    const withYear = options && options.year;
    const date = DAYS[time.weekday] + ', ' + time.day + ' ' + MONTHS[time.month - 1] + (withYear ? ' ' + time.year : '');
    return date + ' ' + time.hour + '.' + time.minute + ' ' + time.zone;
  }

  function serverNow() {
    return Date.now() + state.skewMs;
  }

  function pad(number) {
    return String(number).padStart(2, '0');
  }

  /** "sisa 1 hari 02:03:04" before the due time, "lewat 00:05:12" after it. */
  function countdown(dueIso) {
    const remaining = Date.parse(dueIso) - serverNow();
    let seconds = Math.floor(Math.abs(remaining) / 1000);
    const days = Math.floor(seconds / 86400);
    seconds -= days * 86400;
    const clock = pad(Math.floor(seconds / 3600)) + ':' + pad(Math.floor((seconds % 3600) / 60)) + ':' + pad(seconds % 60);
    return (remaining >= 0 ? 'sisa ' : 'lewat ') + (days > 0 ? days + ' hari ' : '') + clock;
  }

  /** The SLA state now: the server's word once delivered, otherwise from the warning and due times. */
  function liveSla(ticket) {
    if (ticket.deliveredAt) return ticket.slaState;
    const now = serverNow();
    if (now >= Date.parse(ticket.dueAt)) return 'breached';
    if (now >= Date.parse(ticket.warnAt)) return 'warning';
    return 'on-track';
  }

  function showsCountdown(ticket) {
    return !ticket.deliveredAt && ticket.status !== 'closed' && ticket.status !== 'answered';
  }

  /* ------------------------------------------------------------------ gate: sign-in and password */

  function showView(name) {
    show($('loading'), false);
    show($('sign-in-view'), name === 'sign-in');
    show($('password-view'), name === 'password');
    show($('desk-view'), name === 'desk');
    show($('session-bar'), name !== 'sign-in');
    show($('live'), name === 'desk');
    document.body.dataset.view = name;
  }

  function showSignIn(message) {
    stopLive();
    showView('sign-in');
    const error = $('sign-in-error');
    error.textContent = message || '';
    show(error, Boolean(message));
    error.dataset.kind = 'info';
    $('sign-in-password').value = '';
    $('sign-in-username').focus();
  }

  function signedOut(message) {
    state.account = null;
    state.openId = null;
    state.ticket = null;
    showSignIn(message);
  }

  function showPasswordChange() {
    stopLive();
    showView('password');
    renderWho();
    show($('password-current-field'), !state.oneTimePassword);
    show($('password-error'), false);
    (state.oneTimePassword ? $('password-new') : $('password-current')).focus();
  }

  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = $('sign-in-username').value.trim();
    const password = $('sign-in-password').value;
    const error = $('sign-in-error');
    if (!username || !password) {
      error.textContent = 'Isi nama pengguna dan kata sandi.';
      error.dataset.kind = 'error';
      show(error, true);
      return;
    }
    $('sign-in-submit').disabled = true;
    try {
      const answer = await api('POST', '/api/desk/session', { username, password });
      state.account = answer.account;
      state.permissions = answer.permissions;
      show(error, false);
      if (answer.account.mustChangePassword) {
        state.oneTimePassword = password;
        showPasswordChange();
      } else {
        startDesk();
      }
    } catch (failure) {
      error.textContent = failure.message;
      error.dataset.kind = 'error';
      show(error, true);
    } finally {
      $('sign-in-submit').disabled = false;
      $('sign-in-password').value = '';
    }
  });

  $('password-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = $('password-error');
    const currentPassword = state.oneTimePassword || $('password-current').value;
    const newPassword = $('password-new').value;
    const fail = (message) => {
      error.textContent = message;
      show(error, true);
    };
    if (!currentPassword) return fail('Isi kata sandi sekarang.');
    if (newPassword.length < 10) return fail('Kata sandi baru minimal 10 karakter.');
    if (newPassword !== $('password-repeat').value) return fail('Kedua kata sandi baru tidak sama.');
    if (newPassword === currentPassword) return fail('Kata sandi baru harus berbeda dari yang sekarang.');
    $('password-submit').disabled = true;
    try {
      const answer = await api('POST', '/api/desk/me/password', { currentPassword, newPassword });
      state.account = answer.account;
      state.permissions = answer.permissions;
      state.oneTimePassword = null;
      ['password-current', 'password-new', 'password-repeat'].forEach((id) => {
        $(id).value = '';
      });
      toast('Kata sandi diganti.', 'ok');
      startDesk();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return signedOut('Sesi Anda berakhir. Silakan masuk lagi.');
      if (failure instanceof ApiError && failure.code === 'BadCredentials') state.oneTimePassword = null;
      show($('password-current-field'), !state.oneTimePassword);
      fail(failure.message);
    } finally {
      $('password-submit').disabled = false;
    }
  });

  $('sign-out').addEventListener('click', async () => {
    try {
      await api('DELETE', '/api/desk/session');
    } catch {
      // Signed out either way.
    }
    signedOut('Anda sudah keluar.');
  });

  function renderWho() {
    const account = state.account;
    if (!account) return;
    const parts = [account.displayName, account.roles.join(', ')];
    if (account.unit) parts.push(account.unit);
    $('who').textContent = parts.join(' · ');
  }

  /* ------------------------------------------------------------------ the desk */

  function can(permission) {
    return state.permissions.indexOf(permission) >= 0;
  }

  /** An officer of one unit sees only that unit's queue. */
  function fixedUnit() {
    return !can('tickets.all-units') && state.account && state.account.unit ? state.account.unit : null;
  }

  function startDesk() {
    if (!can('tickets.work')) {
      showView('desk');
      renderWho();
      show($('desk-view'), false);
      toast('Akun ini tidak punya akses ke antrean tiket.', 'error');
      return;
    }
    showView('desk');
    renderWho();
    if (state.account.unit) state.units.add(state.account.unit);
    restoreFilters();
    renderFilters();
    startLive();
    loadQueue();
  }

  /* ------------------------------------------------------------------ filters */

  function readSavedFilters() {
    try {
      return JSON.parse(sessionStorage.getItem(FILTER_KEY) || '{}') || {};
    } catch {
      return {};
    }
  }

  function restoreFilters() {
    const saved = readSavedFilters();
    state.filters = { unit: saved.unit || '', channel: saved.channel || '', status: saved.status || '', assignee: saved.assignee || '' };
    if (state.filters.unit) state.units.add(state.filters.unit);
    if (state.filters.channel) state.channels.add(state.filters.channel);
  }

  function fillSelect(select, options, value) {
    const current = value === undefined ? select.value : value;
    select.replaceChildren(...options.map((option) => el('option', { text: option.label, attrs: { value: option.value } })));
    select.value = options.some((option) => option.value === current) ? current : options[0].value;
  }

  function renderFilters() {
    const unit = fixedUnit();
    const unitSelect = $('filter-unit');
    if (unit) {
      fillSelect(unitSelect, [{ value: unit, label: unit }], unit);
      unitSelect.disabled = true;
      unitSelect.title = 'Petugas melihat antrean unitnya sendiri';
    } else {
      fillSelect(unitSelect, [{ value: '', label: 'Semua unit' }].concat([...state.units].sort().map((name) => ({ value: name, label: name }))), state.filters.unit);
    }
    fillSelect(
      $('filter-channel'),
      [{ value: '', label: 'Semua saluran' }].concat([...state.channels].sort().map((id) => ({ value: id, label: CHANNEL_LABELS[id] || id }))),
      state.filters.channel,
    );
    fillSelect(
      $('filter-status'),
      [{ value: '', label: 'Semua terbuka' }].concat(Object.keys(STATUS_LABELS).map((status) => ({ value: status, label: STATUS_LABELS[status] }))),
      state.filters.status,
    );
    const others = [...state.assignees.entries()]
      .filter((entry) => !state.account || entry[0] !== state.account.accountId)
      .sort((a, b) => a[1].localeCompare(b[1]))
      .map((entry) => ({ value: entry[0], label: entry[1] }));
    fillSelect($('filter-assignee'), [{ value: '', label: 'Semua petugas' }, { value: 'me', label: 'Saya' }].concat(others), state.filters.assignee);
  }

  ['unit', 'channel', 'status', 'assignee'].forEach((name) => {
    $('filter-' + name).addEventListener('change', (event) => {
      state.filters[name] = event.target.value;
      sessionStorage.setItem(FILTER_KEY, JSON.stringify(state.filters));
      loadQueue();
    });
  });

  /* ------------------------------------------------------------------ queue */

  async function loadQueue() {
    const request = ++state.queueRequest;
    const query = new URLSearchParams();
    const unit = fixedUnit() || state.filters.unit;
    if (unit) query.set('unit', unit);
    if (state.filters.channel) query.set('channel', state.filters.channel);
    if (state.filters.status) query.set('status', state.filters.status);
    if (state.filters.assignee) query.set('assignee', state.filters.assignee);
    try {
      const answer = await api('GET', '/api/desk/tickets' + (query.toString() ? '?' + query : ''));
      if (request !== state.queueRequest) return;
      state.skewMs = Date.parse(answer.now) - Date.now();
      state.queue = answer.tickets;
      let learned = false;
      answer.tickets.forEach((ticket) => {
        if (!state.units.has(ticket.unit) || !state.channels.has(ticket.channelId)) {
          state.units.add(ticket.unit);
          state.channels.add(ticket.channelId);
          learned = true;
        }
        if (ticket.assigneeId && state.assignees.get(ticket.assigneeId) !== ticket.assigneeName) {
          state.assignees.set(ticket.assigneeId, ticket.assigneeName || ticket.assigneeId);
          learned = true;
        }
      });
      if (learned) renderFilters();
      renderQueue();
    } catch (error) {
      failed(error, 'Antrean tidak dapat dimuat');
    }
  }

  /** Several changes in a burst make one read; a steady stream of changes still reads every RELOAD_DEBOUNCE_MS. */
  function scheduleQueueReload() {
    if (state.queueTimer) return;
    state.queueTimer = window.setTimeout(() => {
      state.queueTimer = null;
      loadQueue();
    }, RELOAD_DEBOUNCE_MS);
  }

  function renderQueue() {
    const list = $('queue-list');
    const items = state.queue.map((ticket) => {
      const sla = liveSla(ticket);
      const due = el('span', { className: 'qi__due', text: formatTime(ticket.dueAt) });
      const clock = el('span', { className: 'qi__countdown', text: showsCountdown(ticket) ? countdown(ticket.dueAt) : SLA_LABELS[sla] || '' });
      if (showsCountdown(ticket)) clock.dataset.due = ticket.dueAt;
      const button = el('button', { className: 'qi', attrs: { type: 'button', 'data-ticket-id': ticket.ticketId } }, [
        el('span', { className: 'qi__top' }, [
          el('strong', { className: 'qi__number', text: ticket.number }),
          el('span', { className: 'status status--' + ticket.status, text: STATUS_LABELS[ticket.status] || ticket.status }),
          el('span', { className: 'chip', text: CHANNEL_LABELS[ticket.channelId] || ticket.channelId }),
        ]),
        el('span', { className: 'qi__who', text: (ticket.citizenName || 'Warga') + (ticket.topic ? ' — ' + ticket.topic : '') }),
        el('span', { className: 'qi__unit', text: ticket.unit + ' · ' + (ticket.assigneeName ? 'oleh ' + ticket.assigneeName : 'belum diambil') }),
        el('span', { className: 'qi__sla' }, [due, clock]),
      ]);
      button.addEventListener('click', () => openTicket(ticket.ticketId));
      const item = el('li', { className: 'queue-item sla--' + sla, attrs: { 'data-ticket-id': ticket.ticketId, 'data-sla': sla } }, [button]);
      item.dataset.warn = ticket.warnAt;
      item.dataset.dueAt = ticket.dueAt;
      item.dataset.delivered = ticket.deliveredAt ? ticket.slaState : '';
      if (ticket.ticketId === state.openId) item.classList.add('is-open');
      if (state.fresh.has(ticket.ticketId)) item.classList.add('is-fresh');
      return item;
    });
    list.replaceChildren(...items);
    $('queue-count').textContent = String(state.queue.length);
    show($('queue-empty'), state.queue.length === 0);
    const waiting = state.queue.filter((ticket) => ticket.status === 'queued' || ticket.status === 'reopened').length;
    document.title = (waiting > 0 ? '(' + waiting + ') ' : '') + 'Konsol Petugas – Tanya Pabean';
  }

  /** Every second: countdowns, and the colour of rows whose warning or due time just passed. */
  function tick() {
    document.querySelectorAll('[data-due]').forEach((node) => {
      node.textContent = countdown(node.dataset.due);
    });
    document.querySelectorAll('.queue-item').forEach((item) => {
      if (item.dataset.delivered) return;
      const now = serverNow();
      const sla = now >= Date.parse(item.dataset.dueAt) ? 'breached' : now >= Date.parse(item.dataset.warn) ? 'warning' : 'on-track';
      if (item.dataset.sla === sla) return;
      item.classList.remove('sla--' + item.dataset.sla);
      item.classList.add('sla--' + sla);
      item.dataset.sla = sla;
    });
    if (state.ticket) renderSlaBox();
  }
  window.setInterval(tick, 1000);

  /* ------------------------------------------------------------------ live changes */

  function setLive(online) {
    const live = $('live');
    live.dataset.state = online ? 'on' : 'off';
    live.textContent = online ? 'Langsung' : 'Terputus – menyambung lagi…';
  }

  function stopLive() {
    window.clearTimeout(state.reconnectTimer);
    if (state.source) state.source.close();
    state.source = null;
  }

  function startLive() {
    stopLive();
    setLive(false);
    const source = new window.EventSource('/api/desk/events');
    state.source = source;
    source.addEventListener('ready', () => {
      setLive(true);
      // Whatever happened while the stream was down is in a fresh read.
      scheduleQueueReload();
      if (state.openId) scheduleTicketReload();
    });
    ['ticket.created', 'ticket.updated', 'ticket.event'].forEach((name) => {
      source.addEventListener(name, (message) => {
        let change;
        try {
          change = JSON.parse(message.data);
        } catch {
          return;
        }
        onChange(change);
      });
    });
    source.addEventListener('session.ended', () => {
      stopLive();
      signedOut('Sesi Anda berakhir. Silakan masuk lagi.');
    });
    source.addEventListener('error', () => {
      if (state.source !== source) return;
      setLive(false);
      if (source.readyState !== window.EventSource.CLOSED) return;
      // The server refused the stream (or it ended): find out whether the session still stands.
      state.reconnectTimer = window.setTimeout(async () => {
        try {
          const me = await api('GET', '/api/desk/me');
          if (me.account.mustChangePassword) return showPasswordChange();
          if (state.source === source) startLive();
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) return signedOut('Sesi Anda berakhir. Silakan masuk lagi.');
          if (state.source === source) startLive();
        }
      }, RECONNECT_MS);
    });
  }

  function onChange(change) {
    if (change.type === 'ticket.created') {
      state.fresh.add(change.ticketId);
      window.setTimeout(() => state.fresh.delete(change.ticketId), 15000);
      toast('Tiket baru ' + change.number + ' masuk antrean.', 'info');
    }
    scheduleQueueReload();
    if (change.ticketId === state.openId) scheduleTicketReload();
  }

  /* ------------------------------------------------------------------ the open ticket */

  async function openTicket(ticketId) {
    if (state.openId !== ticketId) {
      state.openId = ticketId;
      state.revealed = null;
      state.events = [];
      $('reply-text').value = '';
      $('note-text').value = '';
      $('escalate-note').value = '';
      $('kb-query').value = '';
      $('kb-results').replaceChildren();
      resetConfirm();
    }
    document.querySelectorAll('.queue-item').forEach((item) => item.classList.toggle('is-open', item.dataset.ticketId === ticketId));
    await loadTicket({ suggest: true });
  }

  function scheduleTicketReload() {
    if (state.ticketTimer) return;
    state.ticketTimer = window.setTimeout(() => {
      state.ticketTimer = null;
      loadTicket({});
    }, RELOAD_DEBOUNCE_MS);
  }

  async function loadTicket(options) {
    const ticketId = state.openId;
    if (!ticketId) return;
    const request = ++state.ticketRequest;
    try {
      const answer = await api('GET', '/api/desk/tickets/' + encodeURIComponent(ticketId));
      if (request !== state.ticketRequest || ticketId !== state.openId) return;
      state.ticket = answer.ticket;
      state.events = answer.events;
      state.window = answer.window;
      renderTicket();
      if (options.suggest) suggestFromLastMessage();
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
        state.openId = null;
        state.ticket = null;
        show($('ticket'), false);
        show($('ticket-placeholder'), true);
      }
      failed(error, 'Tiket tidak dapat dimuat');
    }
  }

  function renderTicket() {
    const ticket = state.ticket;
    show($('ticket-placeholder'), false);
    show($('ticket'), true);
    $('ticket').dataset.ticketId = ticket.ticketId;
    $('t-number').textContent = ticket.number;
    $('t-meta').replaceChildren(
      el('span', { className: 'status status--' + ticket.status, text: STATUS_LABELS[ticket.status] || ticket.status }),
      el('span', { className: 'chip', text: CHANNEL_LABELS[ticket.channelId] || ticket.channelId }),
      el('span', { className: 'ticket__citizen', text: ticket.citizenName || 'Warga' }),
      el('span', { className: 'ticket__topic', text: ticket.topic || 'tanpa topik' }),
      el('span', { className: 'ticket__unit', text: ticket.unit }),
    );
    renderSlaBox();
    renderActions();
    renderData();
    renderFacts();
    renderTranscript();
  }

  function renderSlaBox() {
    const ticket = state.ticket;
    const sla = liveSla(ticket);
    const box = $('t-sla');
    box.className = 'sla-box sla--' + sla;
    $('t-sla-label').textContent = (TRACK_LABELS[ticket.track] || ticket.track) + ' · ' + (SLA_LABELS[sla] || sla);
    $('t-due').textContent = 'Batas ' + formatTime(ticket.dueAt, { year: true });
    const clock = $('t-countdown');
    clock.textContent = showsCountdown(ticket) ? countdown(ticket.dueAt) : ticket.deliveredAt ? 'dijawab ' + formatTime(ticket.deliveredAt) : '';
  }

  function renderActions() {
    const ticket = state.ticket;
    const me = state.account.accountId;
    const closed = ticket.status === 'closed';
    const mine = ticket.assigneeId === me;
    const heldByOther = Boolean(ticket.assigneeId) && !mine;
    const mayAct = !heldByOther || can('tickets.take-over');
    const claim = $('claim');
    show(claim, !closed && !mine);
    claim.textContent = heldByOther ? 'Ambil alih' : 'Ambil tiket';
    claim.disabled = heldByOther && !can('tickets.take-over');
    claim.title = claim.disabled ? 'Dipegang petugas lain; koordinator dapat mengalihkannya.' : '';
    show($('hand-back'), !closed);
    $('hand-back').disabled = !mayAct;
    // An answered ticket's conversation is the bot's already: closing only files the ticket.
    if ($('hand-back').dataset.confirm !== 'yes') $('hand-back').textContent = ticket.status === 'answered' ? 'Tutup tiket' : 'Kembalikan ke bot';
    show($('composer-answered'), ticket.status === 'answered');
    $('t-holder').textContent = ticket.assigneeName ? 'Ditangani ' + (mine ? 'Anda' : ticket.assigneeName) : 'Belum ada petugas';
    const window = state.window;
    const windowText = window && WINDOW_TEXTS[window.state] ? WINDOW_TEXTS[window.state](window) : '';
    $('t-window').textContent = windowText;
    $('t-window').className = 'ticket__window' + (window ? ' window--' + window.state : '');
    show($('t-window'), Boolean(windowText));
    show($('composer-closed'), closed);
    document.querySelectorAll('#composer .tabs, #composer .panel').forEach((node) => node.classList.toggle('is-disabled', closed));
    ['reply-send', 'reply-resolve', 'escalate-send'].forEach((id) => {
      $(id).disabled = closed || !mayAct;
    });
    $('note-save').disabled = closed;
    document.querySelector('#composer .tabs').hidden = closed;
    if (closed) {
      ['panel-reply', 'panel-note', 'panel-escalate'].forEach((id) => show($(id), false));
    } else if (!document.querySelector('#composer .tab[aria-selected="true"]') || [...document.querySelectorAll('#composer .panel')].every((panel) => panel.hidden)) {
      selectTab('reply');
    }
  }

  function renderData() {
    const ticket = state.ticket;
    const data = state.revealed ? state.revealed.collectedData : ticket.collectedData;
    const fields = Object.keys(data);
    const list = $('t-data');
    if (fields.length === 0) {
      list.replaceChildren(el('dd', { className: 'facts__none', text: 'Tidak ada data.' }));
    } else {
      list.replaceChildren(
        ...fields.flatMap((field) => [el('dt', { text: FIELD_LABELS[field] || field }), el('dd', { className: 'facts__value', text: data[field], attrs: { 'data-field': field } })]),
      );
    }
    // Masked identity numbers show as bullets, in the collected data or in the transcript.
    const masked = [...fields.map((field) => ticket.collectedData[field]), ...state.events.map((event) => String(event.data.text || '') + String(event.data.note || ''))].some((text) =>
      /\u2022/.test(text),
    );
    const reveal = $('reveal');
    reveal.textContent = state.revealed ? 'Sembunyikan' : 'Tampilkan';
    reveal.setAttribute('aria-pressed', state.revealed ? 'true' : 'false');
    show(reveal, masked || Boolean(state.revealed));
  }

  function renderFacts() {
    const ticket = state.ticket;
    const rows = [
      ['Diterima', formatTime(ticket.receivedAt, { year: true })],
      ['Jam mulai', formatTime(ticket.clockStartsAt, { year: true })],
      ['Peringatan', formatTime(ticket.warnAt, { year: true })],
      ['Jalur', TRACK_LABELS[ticket.track] || ticket.track],
      ['Kalender', ticket.calendarVersion],
    ];
    $('t-facts').replaceChildren(...rows.flatMap((row) => [el('dt', { text: row[0] }), el('dd', { text: row[1] })]));
  }

  /** The text of an event as the officer may see it now: masked, or in clear after "Tampilkan". */
  function eventText(event, field) {
    const clear = state.revealed && state.revealed.events[event.sequence];
    if (clear && typeof clear[field] === 'string') return clear[field];
    return typeof event.data[field] === 'string' ? event.data[field] : '';
  }

  function actorName(event) {
    if (state.account && event.actor === state.account.accountId) return 'Anda';
    return event.actorName || event.actor;
  }

  /** The files and locations a citizen sent, as links (only http(s) or our own paths; text, never HTML). */
  function attachmentLinks(event) {
    const attachments = Array.isArray(event.data.attachments) ? event.data.attachments : [];
    const links = attachments
      .filter((attachment) => typeof attachment.contentUrl === 'string' && /^(https?:\/\/|\/)/.test(attachment.contentUrl))
      .map((attachment) =>
        el('a', {
          className: 'bubble__attachment',
          text: (attachment.contentType === 'application/vnd.location' ? 'Lokasi: ' : 'Lampiran: ') + (attachment.name || attachment.contentType),
          attrs: { href: attachment.contentUrl, target: '_blank', rel: 'noopener noreferrer' },
        }),
      );
    return links.length > 0 ? el('div', { className: 'bubble__attachments' }, links) : null;
  }

  function renderTranscript() {
    const list = $('t-transcript');
    const previousScroll = list.scrollTop;
    const wasSameTicket = list.dataset.ticketId === state.openId;
    const replies = state.events.filter((event) => event.kind === 'officer-reply');
    const items = state.events.map((event) => {
      const when = formatTime(event.at);
      const line = (className, text) =>
        el('li', { className: 'line ' + className, attrs: { 'data-sequence': String(event.sequence), 'data-kind': event.kind } }, [
          el('span', { className: 'line__text', text }),
          el('span', { className: 'line__time', text: when }),
        ]);
      const bubble = (className, who, text, extra) =>
        el('li', { className: 'bubble ' + className, attrs: { 'data-sequence': String(event.sequence), 'data-kind': event.kind } }, [
          el('span', { className: 'bubble__who', text: who + ' · ' + when }),
          el('p', { className: 'bubble__text', text }),
          extra || null,
        ]);
      switch (event.kind) {
        case 'citizen-message':
          return bubble('bubble--citizen', state.ticket.citizenName || 'Warga', eventText(event, 'text'), attachmentLinks(event));
        case 'bot-message':
          return bubble('bubble--bot', 'Bot', eventText(event, 'text'));
        case 'officer-reply':
          return bubble('bubble--officer', actorName(event) + (event.data.resolved ? ' · menyelesaikan tiket' : ''), eventText(event, 'text'));
        case 'internal-note':
          return bubble('bubble--note', 'Catatan internal · ' + actorName(event), eventText(event, 'text'));
        case 'delivery-failed': {
          const text = eventText(event, 'text');
          const later = (kind) => state.events.some((other) => other.kind === kind && other.sequence > event.sequence && other.data.text === event.data.text);
          const retried = replies.some((reply) => reply.sequence > event.sequence && reply.data.text === event.data.text);
          let outcome;
          if (retried) outcome = el('span', { className: 'bubble__retried', text: 'Sudah terkirim ulang' });
          else if (later('delivery-failed')) outcome = el('span', { className: 'bubble__superseded', text: 'Dicoba lagi di bawah' });
          else outcome = retryButton(event);
          const extra = el('div', { className: 'bubble__failure' }, [el('span', { text: 'Gagal terkirim: ' + (event.data.error || 'tidak diketahui') }), outcome]);
          return bubble('bubble--failed', actorName(event), text, extra);
        }
        case 'assignment':
          return line('line--assignment', 'Diambil oleh ' + (event.data.assigneeName || actorName(event)));
        case 'escalation':
          return line('line--escalation', 'Dieskalasi ke ' + (HOP_LABELS[event.data.hop] || event.data.hop) + ' oleh ' + actorName(event) + ': ' + eventText(event, 'note'));
        case 'status':
          if (event.data.sla === 'warning') return line('line--warning', 'Peringatan SLA: batas waktu mendekat');
          if (event.data.sla === 'breached') return line('line--breach', 'Batas waktu SLA terlewati');
          return line('line--status', 'Status: ' + (STATUS_LABELS[event.data.status] || event.data.status || '') + ' oleh ' + actorName(event));
        case 'reveal':
          return line('line--reveal', 'Data identitas ditampilkan oleh ' + actorName(event));
        case 'delivery':
          return line('line--delivery', DELIVERY_LABELS[event.data.state] || 'Pengiriman: ' + event.data.state);
        default:
          return line('line--other', event.kind);
      }
    });
    list.replaceChildren(...items);
    list.dataset.ticketId = state.openId;
    if (!wasSameTicket) state.pinned = true;
    if (state.pinned) list.scrollTop = list.scrollHeight;
    else list.scrollTop = previousScroll;
  }

  // The transcript follows new lines while the officer is at its end, also when the panes around it
  // change size (suggestions arriving, notices appearing); scrolling up to read stops that.
  state.pinned = true;
  $('t-transcript').addEventListener('scroll', () => {
    const list = $('t-transcript');
    state.pinned = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  });
  if (window.ResizeObserver) {
    new window.ResizeObserver(() => {
      const list = $('t-transcript');
      if (state.pinned) list.scrollTop = list.scrollHeight;
    }).observe($('t-transcript'));
  }

  function retryButton(event) {
    const button = el('button', { className: 'button button--small button--danger', text: 'Kirim ulang', attrs: { type: 'button', 'data-retry': String(event.sequence) } });
    button.addEventListener('click', async () => {
      button.disabled = true;
      await act('Kirim ulang', async () => {
        await api('POST', ticketPath('reply'), { revision: state.ticket.revision, text: event.data.text });
        toast('Balasan terkirim ulang.', 'ok');
      });
      button.disabled = false;
    });
    return button;
  }

  function ticketPath(action) {
    return '/api/desk/tickets/' + encodeURIComponent(state.openId) + '/' + action;
  }

  /** Runs a desk action; a stale revision reloads the ticket and keeps what the officer typed. */
  async function act(what, action) {
    try {
      await action();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'StaleRevision') {
        toast('Tiket baru saja diubah orang lain; tampilan dimuat ulang. Periksa, lalu coba lagi.', 'error');
      } else {
        failed(error, what);
      }
      return false;
    } finally {
      await Promise.all([loadTicket({}), loadQueue()]);
    }
  }

  /* ------------------------------------------------------------------ actions */

  $('claim').addEventListener('click', async () => {
    $('claim').disabled = true;
    await act('Ambil tiket', async () => {
      await api('POST', ticketPath('claim'), { revision: state.ticket.revision });
      toast('Tiket ' + state.ticket.number + ' Anda ambil.', 'ok');
    });
  });

  function resetConfirm() {
    window.clearTimeout(state.confirmTimer);
    const button = $('hand-back');
    button.dataset.confirm = '';
    button.textContent = state.ticket && state.ticket.status === 'answered' ? 'Tutup tiket' : 'Kembalikan ke bot';
    button.classList.remove('button--danger');
  }

  $('hand-back').addEventListener('click', async () => {
    const button = $('hand-back');
    if (button.dataset.confirm !== 'yes') {
      button.dataset.confirm = 'yes';
      button.textContent = state.ticket.status === 'answered' ? 'Klik lagi untuk menutup' : 'Klik lagi: tutup & kembalikan ke bot';
      button.classList.add('button--danger');
      state.confirmTimer = window.setTimeout(resetConfirm, CONFIRM_MS);
      return;
    }
    resetConfirm();
    button.disabled = true;
    await act('Kembalikan ke bot', async () => {
      await api('POST', ticketPath('close'), { revision: state.ticket.revision });
      toast('Tiket ' + state.ticket.number + ' ditutup; percakapan kembali ke bot.', 'ok');
    });
  });

  async function sendReply(resolve) {
    const text = $('reply-text').value.trim();
    if (!text) {
      toast('Tulis balasan dulu.', 'error');
      $('reply-text').focus();
      return;
    }
    $('reply-send').disabled = true;
    $('reply-resolve').disabled = true;
    const sent = await act('Balasan', async () => {
      await api('POST', ticketPath('reply'), { revision: state.ticket.revision, text, resolve });
      toast(resolve ? 'Jawaban terkirim; tiket selesai dan percakapan kembali ke bot.' : 'Balasan terkirim ke warga.', 'ok');
    });
    if (sent) $('reply-text').value = '';
  }

  $('reply-send').addEventListener('click', () => sendReply(false));
  $('reply-resolve').addEventListener('click', () => sendReply(true));
  $('reply-text').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      sendReply(false);
    }
  });

  $('note-save').addEventListener('click', async () => {
    const text = $('note-text').value.trim();
    if (!text) {
      toast('Tulis catatan dulu.', 'error');
      return;
    }
    $('note-save').disabled = true;
    const saved = await act('Catatan', async () => {
      await api('POST', ticketPath('notes'), { text });
      toast('Catatan internal disimpan.', 'ok');
    });
    if (saved) $('note-text').value = '';
  });

  $('escalate-send').addEventListener('click', async () => {
    const note = $('escalate-note').value.trim();
    if (!note) {
      toast('Eskalasi perlu catatan.', 'error');
      $('escalate-note').focus();
      return;
    }
    $('escalate-send').disabled = true;
    const hop = $('escalate-hop').value;
    const done = await act('Eskalasi', async () => {
      await api('POST', ticketPath('escalate'), { revision: state.ticket.revision, hop, note });
      toast('Tiket dieskalasi ke ' + HOP_LABELS[hop] + '.', 'ok');
    });
    if (done) {
      $('escalate-note').value = '';
      selectTab('reply');
    }
  });

  $('reveal').addEventListener('click', async () => {
    if (state.revealed) {
      state.revealed = null;
      renderData();
      renderTranscript();
      return;
    }
    try {
      const answer = await api('POST', ticketPath('reveal'));
      const events = {};
      answer.events.forEach((event) => {
        events[event.sequence] = event.data;
      });
      state.revealed = { collectedData: answer.collectedData, events };
      renderData();
      renderTranscript();
    } catch (error) {
      failed(error, 'Data tidak dapat ditampilkan');
    }
  });

  /* ------------------------------------------------------------------ tabs */

  function selectTab(name) {
    ['reply', 'note', 'escalate'].forEach((tab) => {
      $('tab-' + tab).setAttribute('aria-selected', tab === name ? 'true' : 'false');
      show($('panel-' + tab), tab === name);
    });
  }
  ['reply', 'note', 'escalate'].forEach((tab) => $('tab-' + tab).addEventListener('click', () => selectTab(tab)));

  /* ------------------------------------------------------------------ suggested answers */

  /**
   * Searches with the citizen's own words: the longest of their recent messages (the question, not
   * the short answers they gave the intake: a name, "Ya"), masked numbers left out.
   */
  function suggestFromLastMessage() {
    const recent = state.events
      .filter((event) => event.kind === 'citizen-message' && typeof event.data.text === 'string')
      .slice(-12)
      .map((event) => event.data.text.replace(/\S*\u2022\S*/g, ' ').replace(/\s+/g, ' ').trim());
    const best = recent.reduce((longest, text) => (text.length >= longest.length ? text : longest), '');
    if (!best) return;
    $('kb-query').value = best.slice(0, 500);
    searchKnowledge();
  }

  async function searchKnowledge() {
    const query = $('kb-query').value.trim();
    const results = $('kb-results');
    if (!query) {
      results.replaceChildren();
      return;
    }
    const ticketId = state.openId;
    try {
      const answer = await api('GET', '/api/desk/kb/search?' + new URLSearchParams({ q: query, limit: '5' }));
      if (ticketId !== state.openId) return;
      if (answer.entries.length === 0) {
        results.replaceChildren(el('li', { className: 'suggest__none', text: 'Tidak ada jawaban yang cocok.' }));
        return;
      }
      results.replaceChildren(...answer.entries.map(suggestionItem));
    } catch (error) {
      failed(error, 'Pencarian jawaban');
    }
  }

  function suggestionItem(entry) {
    const use = (language) => {
      const box = $('reply-text');
      const text = entry.answer[language];
      box.value = box.value.trim() ? box.value.replace(/\s+$/, '') + '\n\n' + text : text;
      box.focus();
      selectTab('reply');
    };
    const useId = el('button', { className: 'button button--small', text: 'Pakai', attrs: { type: 'button' }, title: 'Masukkan jawaban (Bahasa Indonesia) ke kotak balasan' });
    const useEn = el('button', { className: 'button button--small button--ghost-dark', text: 'EN', attrs: { type: 'button' }, title: 'Insert the English answer' });
    useId.addEventListener('click', () => use('id'));
    useEn.addEventListener('click', () => use('en'));
    return el('li', { className: 'suggest__item', attrs: { 'data-entry-id': entry.entryId } }, [
      el('span', { className: 'suggest__question', text: entry.question.id }),
      el('span', { className: 'suggest__answer', text: entry.answer.id }),
      el('span', { className: 'suggest__buttons' }, [useId, useEn, el('span', { className: 'suggest__topic', text: entry.topic })]),
    ]);
  }

  $('kb-form').addEventListener('submit', (event) => {
    event.preventDefault();
    searchKnowledge();
  });

  /* ------------------------------------------------------------------ start */

  (async function boot() {
    try {
      const me = await api('GET', '/api/desk/me');
      state.account = me.account;
      state.permissions = me.permissions;
      if (me.account.mustChangePassword) showPasswordChange();
      else startDesk();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) showSignIn('');
      else showSignIn(error.message);
    }
  })();
})();
