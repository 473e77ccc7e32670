// The sign-in page: the name and password go to POST /signin (same origin,
// JSON); the server answers with the session cookie, and the editor opens.

const form = document.querySelector('#signin-form');
const status = document.querySelector('#signin-status');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  status.textContent = 'signing in…';
  const response = await fetch('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ name: document.querySelector('#signin-name').value.trim(), password: document.querySelector('#signin-password').value }),
    credentials: 'same-origin',
  });
  if (response.ok) {
    location.assign('/');
    return;
  }
  const data = await response.json().catch(() => ({ message: `HTTP ${response.status}` }));
  status.textContent = data.message;
});
