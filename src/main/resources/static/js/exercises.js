// Exercise cards: the verdict of every save, live over one event stream per page, and the
// buttons (check now, hints, solution, reset). Also fills the course progress bar on the home
// page. Loaded by course.js when the page has either. Everything the grader reports (test
// names, messages, compile errors, output) is the learner's or the grader's text: it goes in
// with textContent, never as HTML.

import { el, clock, getJson, postJson } from './kit.js';

const cards = new Map();

export function mount() {
  const progress = document.querySelector('[data-exercise-progress]');
  if (progress) showCourseProgress(progress);
  for (const element of document.querySelectorAll('section.exercise[data-exercise]')) {
    const card = new Card(element);
    cards.set(card.id, card);
    card.refresh();
  }
  if (cards.size > 0) openFeed();
}

function openFeed() {
  const source = new EventSource('/exercises/events');
  let opened = false;
  source.addEventListener('open', () => {
    // After a reconnect, verdicts may have been missed: ask for the current state.
    if (opened) cards.forEach((card) => card.refresh());
    opened = true;
    cards.forEach((card) => card.connected(true));
  });
  source.addEventListener('error', () => cards.forEach((card) => card.connected(false)));
  source.addEventListener('progress', (event) => {
    const data = JSON.parse(event.data);
    cards.get(data.exercise)?.progress(data);
  });
  source.addEventListener('verdict', (event) => {
    const data = JSON.parse(event.data);
    cards.get(data.exercise)?.verdict(data);
  });
  window.addEventListener('pagehide', () => source.close());
}

async function showCourseProgress(element) {
  try {
    const board = await getJson('/exercises.json');
    if (!board.total) return;
    const bar = element.querySelector('progress');
    bar.max = board.total;
    bar.value = board.passed;
    element.querySelector('.exercise-progress-count').textContent =
      `${board.passed} of ${board.total} exercises passed`;
    element.hidden = false;
  } catch (e) {
    // the progress bar is a nicety: the page works without it
  }
}

/** Time of day for the card's notes: "14:03:07". */
function time(date = new Date()) {
  return clock(date, { millis: false });
}

// Hints are plain text in which `backticks` mark code.
function appendWithCode(parent, text) {
  text.split('`').forEach((part, i) => {
    if (part) parent.append(i % 2 === 1 ? el('code', {}, part) : document.createTextNode(part));
  });
}

const STATE_LABELS = { 'not-started': 'not started', failed: 'failed', passed: 'passed' };
const MARKS = { passed: '\u2713', failed: '\u2717', skipped: '\u2013' };

class Card {
  constructor(root) {
    this.root = root;
    this.id = root.dataset.exercise;
    this.solutionUnlocked = false;
    this.$ = (selector) => root.querySelector(selector);
    this.$('.exercise-check').addEventListener('click', () => this.check());
    this.$('.exercise-hint').addEventListener('click', () => this.hint());
    this.$('.exercise-solution-button').addEventListener('click', () => this.solution());
    this.$('.exercise-reset').addEventListener('click', () => this.reset());
  }

  async refresh() {
    try {
      const response = await fetch(`/exercises/${this.id}/state`, { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(`the course answered ${response.status}`);
      const state = await response.json();
      this.setState(state.state);
      this.solutionUnlocked = state.solutionUnlocked;
      this.showHints(state.hints);
      if (state.lastVerdict) this.verdict(state.lastVerdict, true);
    } catch (error) {
      this.note(`Could not load this exercise's state (${error.message}). Is the course still running?`, true);
    }
  }

  connected(ok) {
    this.root.dataset.feed = ok ? 'open' : 'lost';
    const lost = this.root.classList.contains('feed-lost');
    if (!ok && !lost) {
      this.root.classList.add('feed-lost');
      this.note('Lost the connection to the course: is it still running? Retrying\u2026', true);
    } else if (ok && lost) {
      this.root.classList.remove('feed-lost');
      this.note('Connected to the course again.');
    }
  }

  setState(state) {
    const badge = this.$('.exercise-state');
    badge.dataset.state = state;
    badge.textContent = STATE_LABELS[state] || state;
  }

  status(text, kind) {
    const line = this.$('.verdict-status');
    line.textContent = text;
    line.className = 'verdict-status' + (kind ? ' ' + kind : '');
  }

  note(text, bad) {
    const note = this.$('.exercise-note');
    note.textContent = text ? `${time()} ${text}` : '';
    note.classList.toggle('bad', Boolean(bad));
  }

  // A grading under way: "compiling", then one step per finished test.
  progress(step) {
    // Screen readers wait for the verdict instead of reading out every step.
    this.$('.exercise-verdict').setAttribute('aria-busy', 'true');
    const bar = this.$('.verdict-progress');
    if (step.phase === 'compiling') {
      this.status(`${time()} Compiling\u2026`, 'busy');
      this.$('.verdict-tests').replaceChildren();
      this.$('.verdict-errors').replaceChildren();
      this.$('.verdict-output').hidden = true;
      bar.hidden = true;
      return;
    }
    bar.hidden = step.total === 0;
    bar.max = Math.max(1, step.total);
    bar.value = step.done;
    const running = step.runningTest ? `: \u201c${step.runningTest}\u201d` : '';
    this.status(`${time()} Running the tests (${step.done} of ${step.total || '?'} done)${running}\u2026`, 'busy');
    if (step.test) this.$('.verdict-tests').append(this.testItem(step.test));
  }

  verdict(verdict, remembered) {
    this.$('.exercise-verdict').setAttribute('aria-busy', 'false');
    const when = verdict.finishedAt ? time(new Date(verdict.finishedAt)) : time();
    const seconds = (verdict.totalMillis / 1000).toFixed(1);
    const source = verdict.source === 'workspace' ? '' : ` (${verdict.source})`;
    this.status(`${when} ${verdict.status.replace('-', ' ')}${source}: ${verdict.summary} (${seconds} s)`
      + (remembered ? ' Last verdict; save the file or press \u201cCheck now\u201d to grade again.' : ''),
    verdict.status);

    const bar = this.$('.verdict-progress');
    const tests = verdict.tests || [];
    bar.hidden = tests.length === 0;
    bar.max = Math.max(1, tests.length);
    bar.value = tests.filter((t) => t.status === 'passed').length;
    this.$('.verdict-tests').replaceChildren(...tests.map((t) => this.testItem(t)));
    this.$('.verdict-errors').replaceChildren(...(verdict.compileErrors || []).map((e) => {
      const item = el('li');
      item.append(el('code', { className: 'error-where' }, `${e.file}:${e.line}${e.column ? ':' + e.column : ''}`), ' ',
        el('span', { className: 'error-message' }, e.message));
      return item;
    }));
    const output = this.$('.verdict-output');
    output.hidden = !verdict.output;
    output.querySelector('pre').textContent = verdict.output || '';

    if (verdict.source === 'workspace') {
      this.setState(verdict.status === 'passed' ? 'passed' : 'failed');
      if (verdict.status === 'passed') this.solutionUnlocked = true;
    }
  }

  testItem(test) {
    const item = el('li', { className: `test ${test.status}` });
    item.append(el('span', { className: 'test-mark' }, MARKS[test.status] || '?'), ' ',
      el('span', { className: 'test-name' }, test.name), ' ',
      el('span', { className: 'test-time' }, `${test.durationMillis} ms`));
    if (test.message) item.append(el('pre', { className: 'test-message' }, test.message));
    return item;
  }

  // "Queued" goes up before the request: the grading's own events may arrive before the
  // answer does, and must not be covered by it.
  async check() {
    const line = this.$('.verdict-status');
    const before = [line.textContent, line.className];
    this.status(`${time()} Queued for grading\u2026`, 'busy');
    try {
      await postJson(`/exercises/${this.id}/check`);
    } catch (error) {
      if (line.textContent.includes('Queued')) [line.textContent, line.className] = before;
      this.note(`Could not check: ${error.message}`, true);
    }
  }

  async hint() {
    try {
      this.showHints(await postJson(`/exercises/${this.id}/hint`));
    } catch (error) {
      this.note(`No hint: ${error.message}`, true);
    }
  }

  showHints(hints) {
    this.$('.exercise-hints').replaceChildren(...hints.revealed.map((text, i) => {
      const item = el('li', { className: 'exercise-hint-text' });
      item.append(el('strong', {}, `Hint ${i + 1} of ${hints.total}: `));
      appendWithCode(item, text);
      return item;
    }));
    const button = this.$('.exercise-hint');
    const shown = hints.revealed.length;
    button.disabled = shown >= hints.total;
    button.textContent = shown >= hints.total
      ? `All ${hints.total} hints shown`
      : `Show a hint (${shown + 1} of ${hints.total})`;
  }

  async solution() {
    let confirm = false;
    if (!this.solutionUnlocked) {
      confirm = window.confirm('You have not passed this exercise yet. Show the reference solution anyway?');
      if (!confirm) return;
    }
    try {
      const answer = await postJson(`/exercises/${this.id}/solution`, { confirm });
      const box = this.$('.exercise-solution');
      box.replaceChildren(el('p', { className: 'exercise-solution-title' }, 'The reference solution (one way to do it):'),
        ...answer.files.map((file) => {
          const figure = el('figure', { className: 'code' });
          const code = el('code', { className: 'language-java' }, file.content);
          const pre = el('pre');
          pre.append(code);
          figure.append(el('figcaption', {}, file.path), pre);
          if (window.hljs) window.hljs.highlightElement(code);
          return figure;
        }));
      box.hidden = false;
    } catch (error) {
      this.note(`No solution: ${error.message}`, true);
    }
  }

  async reset() {
    const ok = window.confirm('Put the starter back in place of your version? '
      + 'Your version is kept as a backup in .realtime-lab/backups/ of the course folder.');
    if (!ok) return;
    try {
      const answer = await postJson(`/exercises/${this.id}/reset`);
      this.note(answer.message);
    } catch (error) {
      this.note(`Could not reset: ${error.message}`, true);
    }
  }
}
