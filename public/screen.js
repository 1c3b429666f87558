// The chat page tells SongWish whether it is on a small screen (a phone), through a
// cookie sent with the chat's socket: the gift-list panel then opens on demand
// instead of covering the conversation (web/chat/who.py reads it).
(function () {
  'use strict';
  const query = window.matchMedia('(max-width: 768px)');
  function remember() {
    document.cookie = 'songwish_small_screen=' + (query.matches ? '1' : '0') + '; path=/; SameSite=Lax';
  }
  remember();
  query.addEventListener('change', remember);
})();
