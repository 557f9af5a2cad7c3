// The lab 11 chat renderer, loaded in a sandboxed frame (opaque origin, its own CSP). The parent
// page hands it each chat message. ?render=html renders with innerHTML: DELIBERATELY VULNERABLE,
// the one place in this app that does, so the lab can show a payload running. ?render=text uses
// textContent, the way every other page of the app renders what people typed.
// A classic script, not a module: a sandboxed frame's module fetch would be a CORS request.
(function () {
  var mode = new URLSearchParams(location.search).get('render') === 'html' ? 'html' : 'text';
  var list = document.getElementById('messages');
  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || !event.data || typeof event.data.text !== 'string') return;
    var item = document.createElement('li');
    if (mode === 'html') {
      item.innerHTML = event.data.text; // the bug this lab is about
    } else {
      item.textContent = event.data.text;
    }
    list.append(item);
  });
  window.parent.postMessage({ renderer: mode, ready: true }, '*');
})();
