// The demo shop's side of the SongWish widget: identity, the cart, and the two
// copilot functions the assistant calls (add_to_cart, highlight_product).
(function () {
  'use strict';

  const shop = window.SONGWISH_SHOP;
  const words = shop.words;
  const CART_KEY = 'songwish-demo-cart';
  const TOKEN_KEY = 'songwish-shop-token';
  // Where Chainlit's copilot keeps its conversation id (a new person needs a new one).
  const THREAD_KEY = 'chainlit-copilot-thread-id';

  let cart = JSON.parse(localStorage.getItem(CART_KEY) || '[]');
  let mounted = false;
  let shopper = null;
  // Resolved when the assistant's session is connected (it calls `chat_ready`).
  let markReady;
  let chatReady = new Promise((resolve) => (markReady = resolve));

  // --- cart -----------------------------------------------------------------
  function money(amount, currency) {
    return new Intl.NumberFormat(shop.locale, { style: 'currency', currency }).format(amount);
  }

  function renderCart() {
    const lines = document.getElementById('cart-lines');
    lines.replaceChildren(
      ...cart.map((line) => {
        const li = document.createElement('li');
        li.dataset.itemId = line.item_id;
        const title = document.createElement('span');
        title.textContent = line.quantity > 1 ? `${line.title} × ${line.quantity}` : line.title;
        const price = document.createElement('strong');
        price.textContent = money(line.price * line.quantity, line.currency);
        const remove = document.createElement('button');
        remove.className = 'remove';
        remove.type = 'button';
        remove.textContent = words.remove;
        remove.addEventListener('click', () => removeFromCart(line.item_id));
        li.append(title, price, remove);
        return li;
      })
    );
    const count = cart.reduce((sum, line) => sum + line.quantity, 0);
    document.getElementById('cart-count').textContent = String(count);
    document.getElementById('cart-empty').hidden = cart.length > 0;
    const currency = cart.length ? cart[0].currency : null;
    const total = cart.reduce((sum, line) => sum + line.price * line.quantity, 0);
    document.getElementById('cart-total').textContent = currency ? money(total, currency) : '–';
  }

  function saveCart() {
    localStorage.setItem(CART_KEY, JSON.stringify(cart));
    renderCart();
  }

  function addToCart(line) {
    const existing = cart.find((entry) => entry.item_id === line.item_id);
    if (existing) {
      existing.quantity += 1;
    } else {
      cart.push({
        item_id: String(line.item_id),
        title: String(line.title),
        price: Number(line.price) || 0,
        currency: String(line.currency || 'EUR'),
        quantity: 1
      });
    }
    saveCart();
    const panel = document.getElementById('cart');
    panel.classList.remove('flash');
    void panel.offsetWidth; // restart the animation
    panel.classList.add('flash');
    return cart.reduce((sum, entry) => sum + entry.quantity, 0);
  }

  function removeFromCart(itemId) {
    cart = cart.filter((line) => line.item_id !== itemId);
    saveCart();
  }

  function highlight(itemId) {
    const card = document.getElementById('product-' + itemId);
    document.querySelectorAll('.product.highlighted').forEach((el) => el.classList.remove('highlighted'));
    if (!card) return false;
    card.classList.add('highlighted');
    card.scrollIntoView({ behavior: 'smooth', block: 'center' });
    return true;
  }

  function productLine(card) {
    return {
      item_id: card.dataset.itemId,
      title: card.dataset.title,
      price: card.dataset.price,
      currency: card.dataset.currency
    };
  }

  // --- the assistant calls these (cl.CopilotFunction) --------------------------
  window.addEventListener('chainlit-call-fn', (event) => {
    const { name, args, callback } = event.detail;
    if (name === 'add_to_cart') {
      callback({ added: args.item_id, items_in_cart: addToCart(args) });
    } else if (name === 'highlight_product') {
      callback({ highlighted: highlight(args.item_id) });
    } else if (name === 'chat_ready') {
      markReady();
      callback({ ready: true });
    } else {
      callback({ error: 'unknown function ' + name });
    }
  });

  // --- the widget and who the shopper is --------------------------------------
  function widgetRoot() {
    const host = document.getElementById('chainlit-copilot');
    return host && host.shadowRoot;
  }

  async function widgetToken() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = token ? { Authorization: 'Bearer ' + token } : {};
    const response = await fetch('/store/chat-token', { method: 'POST', headers, credentials: 'same-origin' });
    if (response.status === 401 && token) {
      sessionStorage.removeItem(TOKEN_KEY); // expired or revoked: back to guest
      return widgetToken();
    }
    if (!response.ok) throw new Error('chat token: ' + response.status);
    return response.json();
  }

  // Chainlit 2.12's widget asks who is signed in (GET /user) before its own token
  // exchange has set the session cookie, and never asks again until some later refresh.
  // Meanwhile it renders messages without its settings; when they arrive, its feedback
  // buttons gain hooks mid-life and React stops with error #310. Trading the token
  // for the cookie first makes the widget's very first question succeed.
  async function signInWidget(token) {
    const response = await fetch(shop.chatPath + '/auth/jwt', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + token },
      credentials: 'same-origin'
    });
    if (!response.ok) throw new Error('chat sign-in: ' + response.status);
  }

  async function mountWidget() {
    const who = await widgetToken();
    shopper = who;
    chatReady = new Promise((resolve) => (markReady = resolve));
    document.getElementById('who').textContent = who.guest ? words.guest : `${words.signed_in} · ${who.name}`;
    document.getElementById('login').hidden = !who.guest;
    document.getElementById('logout').hidden = who.guest;
    await signInWidget(who.access_token);
    if (mounted) {
      window.unmountChainlitWidget();
      document.getElementById('chainlit-copilot')?.remove();
    }
    window.mountChainlitWidget({
      chainlitServer: window.location.origin + shop.chatPath,
      accessToken: who.access_token,
      theme: 'light',
      language: shop.locale === 'fr' ? 'fr-FR' : 'en-US',
      customCssUrl: window.location.origin + shop.chatPath + '/public/widget.css'
    });
    mounted = true;
  }

  async function switchPerson() {
    localStorage.removeItem(THREAD_KEY); // the old conversation belongs to the old identity
    await mountWidget();
  }

  document.getElementById('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: form.get('email'), password: form.get('password') })
    });
    document.getElementById('login-error').hidden = response.ok;
    if (!response.ok) return;
    sessionStorage.setItem(TOKEN_KEY, (await response.json()).access_token);
    await switchPerson();
  });

  document.getElementById('logout').addEventListener('click', async () => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    sessionStorage.removeItem(TOKEN_KEY);
    if (token) {
      await fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: 'Bearer ' + token } });
    }
    await switchPerson();
  });

  // --- the page asks the assistant about a product, as the shopper would -------
  function widgetOpen() {
    const root = widgetRoot();
    return Boolean(root && root.querySelector('#chat-input'));
  }

  async function askAbout(card) {
    if (!widgetOpen()) window.toggleChainlitCopilot();
    await chatReady;
    window.sendChainlitMessage({
      type: 'user_message',
      name: shopper ? shopper.name : 'User',
      output: words.ask_about.replace('{title}', card.dataset.title)
    });
  }

  document.querySelectorAll('.product').forEach((card) => {
    card.querySelector('[data-add]').addEventListener('click', () => addToCart(productLine(card)));
    card.querySelector('[data-ask]').addEventListener('click', () => askAbout(card));
  });

  renderCart();
  mountWidget().catch((error) => console.error('SongWish widget:', error));
})();
