// The slides view: one section of the lesson per screen, large enough to project. It follows
// the room like every page; the arrow keys (or Page Up/Down, what presentation clickers send)
// move the room, and so every following attendee.
import { getJson, postJson, closeOnPageHide } from '../kit.js';

const slide = document.getElementById('slide');
const where = document.querySelector('.ws-slide-where');
const pages = new Map();
let lessons = [];
let state = null;
let material = null;

/** The lesson page's body cut at its ## headings: the sections the room moves through. */
async function sectionsOf(slug) {
  if (!pages.has(slug)) {
    const html = await (await fetch(`/lessons/${slug}`)).text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const sections = new Map([['', [doc.querySelector('.lesson-head')].filter(Boolean)]]);
    let current = sections.get('');
    for (const node of doc.querySelector('.lesson-body')?.children || []) {
      if (node.tagName === 'H2') { current = []; sections.set(node.id, current); }
      node.querySelectorAll('a.anchor').forEach((a) => a.remove());
      current.push(node);
    }
    pages.set(slug, sections);
  }
  return pages.get(slug);
}

async function show() {
  const sections = await sectionsOf(state.lesson);
  if (!material || material.slug !== state.lesson) material = await getJson(`/workshop/instructor/lesson/${state.lesson}`);
  slide.replaceChildren(...(sections.get(state.section) || []).map((n) => document.importNode(n, true)));
  slide.dataset.at = `${state.lesson}#${state.section}`;
  const index = material.sections.findIndex((s) => s.id === state.section);
  where.textContent = `${material.number} ${material.title} · ${index + 1} of ${material.sections.length}`;
}

function step(delta) {
  if (!state || !material) return;
  const index = material.sections.findIndex((s) => s.id === state.section) + delta;
  if (index >= 0 && index < material.sections.length) {
    postJson('/workshop/instructor/move', { lesson: state.lesson, section: material.sections[index].id });
    return;
  }
  const lessonIndex = lessons.findIndex((l) => l.slug === state.lesson) + (delta > 0 ? 1 : -1);
  if (lessonIndex >= 0 && lessonIndex < lessons.length) postJson('/workshop/instructor/move', { lesson: lessons[lessonIndex].slug, section: '' });
}

document.addEventListener('keydown', (event) => {
  if (['ArrowRight', 'PageDown', ' '].includes(event.key)) { event.preventDefault(); step(1); }
  if (['ArrowLeft', 'PageUp'].includes(event.key)) { event.preventDefault(); step(-1); }
});

getJson('/workshop/instructor/lessons').then((answer) => { lessons = answer.lessons; });
const follow = new EventSource('/workshop/events');
follow.onmessage = (event) => {
  const envelope = JSON.parse(event.data);
  if (envelope.type !== 'message') return;
  state = JSON.parse(envelope.text);
  show();
};
closeOnPageHide(() => follow.close());
