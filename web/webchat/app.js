// The citizen's web chat page: official botframework-webchat against this service's own Direct Line
// endpoint. Indonesian first, with an English switch; the conversation survives a page reload.
(function () {
  'use strict';

  var STORAGE_KEY = 'tanya-pabean.conversation';
  var LANGUAGE_KEY = 'tanya-pabean.language';
  var texts = {
    id: {
      title: 'Tanya Pabean',
      notice: 'Layanan informasi kepabeanan dan cukai. Gratis, tidak dipungut biaya.',
      hours: 'Jam layanan petugas: ',
      footer: 'Pengaduan: SIPUMA www.beacukai.go.id/pengaduan.html · Bravo Bea Cukai 1500 225',
      connecting: 'Menghubungkan…',
      failed: 'Tidak dapat terhubung. Muat ulang halaman sebentar lagi.',
      locale: 'id-ID'
    },
    en: {
      title: 'Ask Customs',
      notice: 'Customs and excise information service. Free of charge.',
      hours: 'Officer hours: ',
      footer: 'Complaints: SIPUMA www.beacukai.go.id/pengaduan.html · Bravo Bea Cukai 1500 225',
      connecting: 'Connecting…',
      failed: 'Could not connect. Please reload the page in a moment.',
      locale: 'en-US'
    }
  };

  var settings = null;
  var directLine = null;
  var session = null;
  var language = localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'id';

  function setStatus(message) {
    document.getElementById('status').textContent = message || '';
  }

  function applyPageLanguage() {
    var strings = texts[language];
    document.documentElement.lang = language;
    document.querySelectorAll('[data-text]').forEach(function (element) {
      element.textContent = strings[element.getAttribute('data-text')];
    });
    document.querySelectorAll('.language-switch__option').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-language') === language));
    });
    if (settings) {
      document.getElementById('office-name').textContent = settings.officeName;
      document.getElementById('hours').textContent = strings.hours + settings.serviceHours[language];
    }
  }

  function loadSession() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
      if (saved && saved.token && saved.conversationId && saved.expiresAt > Date.now() + 60000) return saved;
    } catch (ignored) {
      // A damaged entry is replaced by a new conversation.
    }
    return null;
  }

  function saveSession() {
    if (!session) return;
    if (directLine && directLine.token) session.token = directLine.token;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
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
        expiresAt: Date.now() + issued.expires_in * 1000,
        started: false
      };
    });
  }

  function render() {
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        userID: session.userId,
        locale: texts[language].locale,
        styleOptions: {
          accent: '#0b3d91',
          botAvatarInitials: 'BC',
          hideUploadButton: false,
          suggestedActionLayout: 'flow'
        }
      },
      document.getElementById('webchat')
    );
  }

  function connect() {
    setStatus(texts[language].connecting);
    var saved = loadSession();
    var ready = saved ? Promise.resolve(saved) : newSession();
    return ready.then(function (current) {
      session = current;
      var options = {
        token: session.token,
        domain: window.location.origin + '/v3/directline',
        webSocket: true,
        conversationStartProperties: { locale: texts[language].locale }
      };
      // A conversation already started on this tab is resumed (history included) instead of restarted.
      if (session.started) options.conversationId = session.conversationId;
      directLine = window.WebChat.createDirectLine(options);
      directLine.connectionStatus$.subscribe(function (status) {
        if (status === 2) {
          session.started = true;
          saveSession();
          setStatus('');
        } else if (status === 3 || status === 4) {
          sessionStorage.removeItem(STORAGE_KEY);
          setStatus(texts[language].failed);
        }
      });
      directLine.activity$.subscribe(function () {
        saveSession();
      });
      render();
    });
  }

  function switchLanguage(next) {
    if (next === language) return;
    language = next;
    localStorage.setItem(LANGUAGE_KEY, language);
    applyPageLanguage();
    if (!directLine) return;
    render();
    directLine
      .postActivity({ type: 'event', name: 'webchat/setLanguage', value: language, from: { id: session.userId, role: 'user' } })
      .subscribe({ error: function () { setStatus(texts[language].failed); } });
  }

  document.querySelectorAll('.language-switch__option').forEach(function (button) {
    button.addEventListener('click', function () {
      switchLanguage(button.getAttribute('data-language'));
    });
  });

  applyPageLanguage();
  fetchJson('/api/webchat/settings')
    .then(function (loaded) {
      settings = loaded;
      applyPageLanguage();
      return connect();
    })
    .catch(function (error) {
      console.error(error);
      setStatus(texts[language].failed);
    });
})();
