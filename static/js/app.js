/* Site-wide behaviour. Loaded on every page; no inline scripts (strict CSP). */
(function () {
  "use strict";
  // Unsaved intake text is kept in localStorage so nothing typed is lost; a deliberate
  // sign-out removes it, so no health data stays on a shared treatment-room device.
  document.addEventListener("submit", function (event) {
    if (!event.target.matches("[data-forget-drafts]")) {
      return;
    }
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key && key.indexOf("anamnesis:") === 0) {
          localStorage.removeItem(key);
        }
      }
    } catch (error) {
      // Storage unavailable (private mode): nothing was kept, nothing to forget.
    }
  });
})();
