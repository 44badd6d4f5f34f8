import { $, api, el, field, form, page, showError, showNotice, signIn, signOut } from './client.js';

const DASHBOARD_ROLES = ['admin', 'executive', 'cspr-chair', 'qapp-chair'];

page(() => {
  const f = form({
    id: 'sign-in-form', legend: 'Your API token', submit: 'Sign in',
    fields: [field({ name: 'token', label: 'API token', kind: 'password', hint: 'Paste the token you were given (npm start prints the admin token). It is kept only in this browser tab.', attrs: { autocomplete: 'off', spellcheck: 'false' } })],
    secondary: el('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'sign-out', text: 'Sign out' }),
  });
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    signIn(f.elements.token.value.trim());
    try {
      const me = await api('GET', '/api/my-work');
      // The dashboard is for those who oversee; reviewers and agency leads start from their own work.
      location.href = me.roles.some((r) => DASHBOARD_ROLES.includes(r)) ? '/' : '/my-work';
    } catch (err) {
      signOut();
      showError(err, f);
    }
  });
  f.querySelector('#sign-out').addEventListener('click', () => {
    signOut();
    showNotice('Signed out.');
  });
  $('#content').replaceChildren(f);
});
