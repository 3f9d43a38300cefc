// The citizen's web chat page: official botframework-webchat against this service's own Direct Line
// endpoint. Indonesian first, with an English switch; the conversation survives a page reload.
// Loaded as an external file: the page's CSP allows no inline script.
(function () {
  'use strict';

  var STORAGE_KEY = 'tanya-pabean.conversation';
  var LANGUAGE_KEY = 'tanya-pabean.language';
  var SET_LANGUAGE_EVENT = 'webchat/setLanguage';
  // DirectLineJS ConnectionStatus values.
  var ONLINE = 2;
  var EXPIRED_TOKEN = 3;
  var FAILED_TO_CONNECT = 4;

  var texts = {
    id: {
      title: 'Tanya Pabean',
      subtitle: 'Layanan Informasi Bea Cukai',
      free: 'GRATIS',
      notice: 'Layanan informasi kepabeanan dan cukai. Tidak dipungut biaya apa pun.',
      hours: 'Jam layanan petugas: ',
      hoursLabel: 'Jam layanan',
      complaints: 'Pengaduan',
      languageGroup: 'Bahasa',
      chatLabel: 'Percakapan dengan asisten virtual Bea Cukai',
      connecting: 'Menghubungkan…',
      failed: 'Tidak dapat terhubung. Muat ulang halaman sebentar lagi.',
      locale: 'id-ID',
      documentTitle: 'Tanya Pabean – Layanan Informasi Bea Cukai'
    },
    en: {
      title: 'Ask Customs',
      subtitle: 'Indonesian Customs and Excise Information',
      free: 'FREE',
      notice: 'Customs and excise information service. Free of charge.',
      hours: 'Officer hours: ',
      hoursLabel: 'Service hours',
      complaints: 'Complaints',
      languageGroup: 'Language',
      chatLabel: 'Conversation with the customs virtual assistant',
      connecting: 'Connecting…',
      failed: 'Could not connect. Please reload the page in a moment.',
      locale: 'en-US',
      documentTitle: 'Ask Customs – Indonesian Customs and Excise Information'
    }
  };

  var styleOptions = {
    accent: '#0b3d91',
    primaryFont: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif",
    backgroundColor: '#ffffff',
    botAvatarInitials: 'BC',
    botAvatarBackgroundColor: '#0b3d91',
    avatarSize: 36,
    bubbleBackground: '#eef2f9',
    bubbleBorderColor: '#d6deec',
    bubbleBorderRadius: 10,
    bubbleFromUserBackground: '#0b3d91',
    bubbleFromUserBorderColor: '#0b3d91',
    bubbleFromUserBorderRadius: 10,
    bubbleFromUserTextColor: '#ffffff',
    bubbleMaxWidth: 560,
    sendBoxBackground: '#ffffff',
    sendBoxBorderTop: 'solid 1px #d6deec',
    sendBoxHeight: 52,
    suggestedActionBorderRadius: 18,
    suggestedActionLayout: 'flow',
    hideUploadButton: false,
    transcriptVisualKeyboardIndicatorWidth: 2
  };

  var settings = null;
  var directLine = null;
  var store = null;
  var session = null;
  var language = readLanguage();

  function readLanguage() {
    try {
      return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'id';
    } catch {
      return 'id';
    }
  }

  function rememberLanguage() {
    try {
      localStorage.setItem(LANGUAGE_KEY, language);
    } catch {
      // Private browsing without storage: the choice lasts for this page only.
    }
  }

  function setStatus(message) {
    var status = document.getElementById('status');
    status.textContent = message || '';
    status.hidden = !message;
  }

  function applyPageLanguage() {
    var strings = texts[language];
    document.documentElement.lang = language;
    document.title = strings.documentTitle;
    document.querySelectorAll('[data-text]').forEach(function (element) {
      element.textContent = strings[element.getAttribute('data-text')];
    });
    document.querySelectorAll('[data-label]').forEach(function (element) {
      element.setAttribute('aria-label', strings[element.getAttribute('data-label')]);
    });
    document.querySelectorAll('.language-switch__option').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-language') === language));
    });
    if (settings) {
      document.getElementById('office-name').textContent = settings.officeName;
      document.getElementById('hours').textContent = settings.serviceHours[language];
    }
  }

  function loadSession() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
      if (saved && saved.token && saved.conversationId && saved.expiresAt > Date.now() + 60000) return saved;
    } catch {
      // A damaged entry is replaced by a new conversation.
    }
    return null;
  }

  function saveSession() {
    if (!session) return;
    // DirectLineJS refreshes its token every 15 minutes; keep the newest one and its expiry.
    if (directLine && directLine.token && directLine.token !== session.token) {
      session.token = directLine.token;
      session.expiresAt = Date.now() + session.lifetimeMs;
    }
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    } catch {
      // Without sessionStorage a reload starts a new conversation.
    }
  }

  function forgetSession() {
    try {
      sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // Nothing was stored.
    }
  }

  function fetchJson(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) throw new Error(url + ' answered ' + response.status);
      return response.json();
    });
  }

  function newSession() {
    return fetchJson('/api/webchat/token', { method: 'POST' }).then(function (issued) {
      return {
        token: issued.token,
        conversationId: issued.conversationId,
        userId: issued.userId,
        lifetimeMs: issued.expires_in * 1000,
        expiresAt: Date.now() + issued.expires_in * 1000,
        started: false
      };
    });
  }

  function render() {
    // The user id is bound into the token by the service; Web Chat must not pick its own.
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: store,
        locale: texts[language].locale,
        styleOptions: styleOptions
      },
      document.getElementById('webchat')
    );
  }

  function connect(allowRetry) {
    setStatus(texts[language].connecting);
    var saved = loadSession();
    var ready = saved ? Promise.resolve(saved) : newSession();
    return ready.then(function (current) {
      session = current;
      var resumed = session.started;
      var options = {
        token: session.token,
        domain: window.location.origin + '/v3/directline',
        webSocket: true,
        conversationStartProperties: { locale: texts[language].locale }
      };
      // A conversation already started on this tab is resumed (history included) instead of restarted.
      if (resumed) options.conversationId = session.conversationId;
      directLine = window.WebChat.createDirectLine(options);
      store = window.WebChat.createStore();
      directLine.connectionStatus$.subscribe(function (status) {
        if (status === ONLINE) {
          session.started = true;
          saveSession();
          setStatus('');
        } else if (status === EXPIRED_TOKEN || status === FAILED_TO_CONNECT) {
          forgetSession();
          if (resumed && allowRetry) {
            // The saved conversation is gone (expired or removed): start a fresh one, once.
            directLine.end();
            connect(false).catch(showFailure);
          } else {
            setStatus(texts[language].failed);
          }
        }
      });
      directLine.activity$.subscribe(function () {
        saveSession();
      });
      render();
    });
  }

  function showFailure(error) {
    console.error(error);
    setStatus(texts[language].failed);
  }

  function switchLanguage(next) {
    if (next === language || !texts[next]) return;
    language = next;
    rememberLanguage();
    applyPageLanguage();
    if (!directLine) return;
    render();
    // The bot keeps the choice in the citizen's profile and confirms it in the new language.
    store.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: SET_LANGUAGE_EVENT, value: language } });
  }

  document.querySelectorAll('.language-switch__option').forEach(function (button) {
    button.addEventListener('click', function () {
      switchLanguage(button.getAttribute('data-language'));
    });
  });

  applyPageLanguage();
  if (!window.WebChat) {
    showFailure(new Error('The Web Chat bundle did not load.'));
    return;
  }
  fetchJson('/api/webchat/settings')
    .then(function (loaded) {
      settings = loaded;
      applyPageLanguage();
      return connect(true);
    })
    .catch(showFailure);
})();
