// Applies the remembered theme before the page paints, so a dark page never flashes light.
(function () {
  try {
    var theme = localStorage.getItem('realtime-lab.theme');
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  } catch (e) { /* storage blocked: follow the system */ }
})();
