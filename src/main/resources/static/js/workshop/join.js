// The join page: sends the display name, then takes the attendee to where the instructor is.
import { postJson } from '../kit.js';

const form = document.querySelector('.workshop-join-form');
const status = document.querySelector('.workshop-join .demo-status');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  status.textContent = 'Joining…';
  try {
    const joined = await postJson('/workshop/join', { name: form.elements.name.value });
    sessionStorage.setItem('workshop-following', 'yes');
    status.textContent = `Welcome, ${joined.name}.`;
    location.assign(joined.lesson);
  } catch (error) {
    status.textContent = error.reason || error.message;
  }
});
