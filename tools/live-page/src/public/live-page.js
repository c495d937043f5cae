// The live page's only script: keeps the server-rendered sections up to date from /updates
// (server-sent events). The server escapes every value it puts into the HTML it sends, so the
// script only swaps whole sections; it never builds markup from API data itself.
(function livePage() {
  'use strict';

  const form = document.getElementById('top-form');
  const announcement = document.getElementById('announcement');
  const updated = document.getElementById('updated');
  const connection = document.getElementById('connection');
  let source = null;

  function setConnection(text) {
    if (connection.textContent !== text) {
      connection.textContent = text;
    }
  }

  // Replacing a section would drop the keyboard focus inside it: put it back on the same link.
  function replaceSection(target, markup) {
    const active = document.activeElement;
    const key = active && target.contains(active) ? active.getAttribute('data-focus-key') : null;
    target.innerHTML = markup;
    if (key) {
      const again = target.querySelector('[data-focus-key="' + CSS.escape(key) + '"]');
      if (again) {
        again.focus();
      }
    }
  }

  function apply(update) {
    Object.keys(update.sections).forEach(function (id) {
      const target = document.getElementById(id);
      if (target) {
        replaceSection(target, update.sections[id]);
      }
    });
    if (announcement.textContent !== update.announcement) {
      announcement.textContent = update.announcement;
    }
    updated.textContent = update.updatedClock;
    updated.setAttribute('datetime', update.updatedAt);
  }

  function connect() {
    if (source) {
      source.close();
    }
    source = new EventSource('/updates' + window.location.search);
    source.addEventListener('open', function () {
      setConnection('live');
    });
    source.addEventListener('error', function () {
      setConnection('reconnecting');
    });
    source.addEventListener('update', function (message) {
      apply(JSON.parse(message.data));
    });
  }

  // The form's choices and the drill-down links change the URL and the stream, not the page.
  function navigate(search, push) {
    if (push) {
      window.history.pushState(null, '', search);
    } else {
      window.history.replaceState(null, '', search);
    }
    connect();
  }

  function formSearch() {
    const params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== '') {
        params.set(name, value);
      }
    });
    return '?' + params.toString();
  }

  form.addEventListener('change', function () {
    navigate(formSearch(), false);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    navigate(formSearch(), false);
  });
  document.addEventListener('click', function (event) {
    const link = event.target.closest('a[data-drill]');
    if (!link) {
      return;
    }
    event.preventDefault();
    const url = new URL(link.href);
    let hidden = form.querySelector('input[name="content"]');
    if (!hidden) {
      hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = 'content';
      form.appendChild(hidden);
    }
    hidden.value = url.searchParams.get('content') || '';
    navigate(url.search, true);
    document.getElementById('content-heading').scrollIntoView();
  });
  window.addEventListener('popstate', connect);
  connect();
})();
