// Behaviour shared by every page: theme, keys, search, code blocks, quizzes, visited lessons,
// and mounting the live demo widgets a lesson contains.

import { el, button } from './kit.js';

const THEME_KEY = 'realtime-lab.theme';
const VISITED_KEY = 'realtime-lab.visited';

function storageGet(key) {
  try { return localStorage.getItem(key); } catch (e) { return null; }
}
function storageSet(key, value) {
  try { localStorage.setItem(key, value); } catch (e) { /* private mode: not remembered */ }
}

function setUpTheme() {
  const button = document.querySelector('.theme-toggle');
  if (!button) return;
  const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
  const current = () => document.documentElement.dataset.theme || (systemDark.matches ? 'dark' : 'light');
  const label = () => button.setAttribute('aria-label', current() === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme');
  label();
  button.addEventListener('click', () => {
    const next = current() === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    storageSet(THEME_KEY, next);
    label();
  });
  systemDark.addEventListener('change', label);
}

function isTyping(target) {
  return target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

function setUpKeys() {
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || isTyping(event.target)) return;
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      const link = document.querySelector(event.key === 'ArrowLeft' ? '.pager a[rel="prev"]' : '.pager a[rel="next"]');
      if (link) {
        event.preventDefault();
        window.location.href = link.href;
      }
    } else if (event.key === '/') {
      const box = document.getElementById('search-box');
      if (box) {
        event.preventDefault();
        box.focus();
      }
    }
  });
}

function setUpSearch() {
  const form = document.querySelector('form.search');
  if (!form) return;
  const box = form.querySelector('input');
  const panel = form.querySelector('.search-results');
  let timer = null;
  let request = 0;

  const close = () => { panel.hidden = true; panel.replaceChildren(); };
  const links = () => [...panel.querySelectorAll('a')];
  const show = (hits, query) => {
    panel.replaceChildren();
    if (hits.length === 0) panel.append(el('p', {}, `Nothing matches “${query}”.`));
    for (const hit of hits) {
      panel.append(el('a', { href: hit.href, role: 'option' },
        el('span', { className: 'hit-lesson' }, hit.lesson),
        el('span', { className: 'hit-heading' }, hit.heading),
        el('span', { className: 'hit-snippet' }, hit.snippet)));
    }
    panel.hidden = false;
  };

  box.addEventListener('input', () => {
    clearTimeout(timer);
    const query = box.value.trim();
    if (query.length < 2) { close(); return; }
    timer = setTimeout(async () => {
      const mine = ++request;
      try {
        const response = await fetch('/search.json?q=' + encodeURIComponent(query));
        const hits = await response.json();
        if (mine === request) show(hits, query);
      } catch (e) { close(); }
    }, 120);
  });
  box.addEventListener('keydown', (event) => {
    const all = links();
    if (event.key === 'Escape') { close(); box.blur(); }
    if (event.key === 'ArrowDown' && all.length) { event.preventDefault(); all[0].focus(); }
  });
  panel.addEventListener('keydown', (event) => {
    const all = links();
    const i = all.indexOf(document.activeElement);
    if (event.key === 'ArrowDown' && i < all.length - 1) { event.preventDefault(); all[i + 1].focus(); }
    if (event.key === 'ArrowUp') { event.preventDefault(); (i > 0 ? all[i - 1] : box).focus(); }
    if (event.key === 'Escape') { close(); box.focus(); }
  });
  document.addEventListener('click', (event) => { if (!form.contains(event.target)) close(); });
}

function setUpCode() {
  const blocks = document.querySelectorAll('.lesson-body pre > code');
  for (const code of blocks) {
    const language = [...code.classList].find((c) => c.startsWith('language-'))?.slice(9);
    if (window.hljs && language && window.hljs.getLanguage(language)) {
      window.hljs.highlightElement(code);
    }
    const holder = code.closest('figure') || code.parentElement;
    const copy = button('Copy', async () => {
      const text = code.textContent;
      let done = false;
      try {
        await navigator.clipboard.writeText(text);
        done = true;
      } catch (e) {
        // Not a secure context (a workshop over plain http): fall back to a selection copy.
        const area = document.createElement('textarea');
        area.value = text;
        document.body.append(area);
        area.select();
        done = document.execCommand('copy');
        area.remove();
      }
      copy.textContent = done ? 'Copied' : 'Select and copy by hand';
      setTimeout(() => { copy.textContent = 'Copy'; }, 1500);
    }, { className: 'copy-button', 'aria-label': 'Copy this code' });
    holder.append(copy);
  }
}

function setUpQuizzes() {
  for (const button of document.querySelectorAll('.quiz-answer')) {
    button.addEventListener('click', () => {
      const right = button.dataset.correct === 'true';
      const explain = button.nextElementSibling;
      button.classList.add(right ? 'chosen-right' : 'chosen-wrong');
      button.setAttribute('aria-pressed', 'true');
      explain.hidden = false;
      explain.classList.add(right ? 'right' : 'wrong');
    });
  }
}

function setUpVisited() {
  let visited;
  try { visited = new Set(JSON.parse(storageGet(VISITED_KEY) || '[]')); } catch (e) { visited = new Set(); }
  const lesson = document.querySelector('article.lesson');
  if (lesson) {
    visited.add(lesson.dataset.slug);
    storageSet(VISITED_KEY, JSON.stringify([...visited]));
  }
  for (const item of document.querySelectorAll('[data-slug]')) {
    if (visited.has(item.dataset.slug) && !item.matches('article')) {
      item.classList.add('visited');
      item.querySelector('.visited-mark')?.removeAttribute('hidden');
    }
  }
  const count = document.querySelector('.visited-count');
  if (count) {
    const slugs = new Set([...document.querySelectorAll('.card[data-slug]')].map((c) => c.dataset.slug));
    count.textContent = [...visited].filter((s) => slugs.has(s)).length;
  }
}

function setUpMenu() {
  const toggle = document.querySelector('.menu-toggle');
  const sidebar = document.getElementById('sidebar');
  if (!toggle || !sidebar) return;
  toggle.addEventListener('click', () => {
    const open = sidebar.classList.toggle('open');
    toggle.setAttribute('aria-expanded', String(open));
  });
}

/** Loads each demo's module and mounts it; marks the box data-ready once it can be used. */
function mountDemos() {
  return Promise.all([...document.querySelectorAll('[data-demo]')].map(async (element) => {
    const id = element.dataset.demo;
    try {
      const module = await import(`/js/demos/${id}.js`);
      module.mount(element);
    } catch (error) {
      console.error(`demo ${id} failed to start`, error);
      element.querySelector('.demo-body')?.replaceChildren(el('p', { className: 'demo-unavailable' },
        `This demo could not start (${error.message}). Is the course still running?`));
    } finally {
      element.dataset.ready = 'true';
    }
  }));
}

setUpTheme();
setUpKeys();
setUpSearch();
setUpCode();
setUpQuizzes();
setUpVisited();
setUpMenu();
mountDemos();
if (document.querySelector('section.exercise, [data-exercise-progress]')) {
  import('/js/exercises.js').then((module) => module.mount())
    .catch((error) => console.error('exercise cards failed to start', error));
}
