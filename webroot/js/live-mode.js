// Runs before the page is drawn (a classic script in <head>): marks the projector mode on <html>, so
// that the room's screen never flashes the header or the controls while the modules load.
(function () {
  try {
    if (new URLSearchParams(window.location.search).get('projector') === '1') {
      document.documentElement.classList.add('is-projector');
    }
  } catch (e) {
    // an old browser: the module sets the class a moment later
  }
}());
