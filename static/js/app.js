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

  // A form is sent once: its buttons are disabled while the next page loads, so a double click
  // sends one request (the server also records one submission of a form, whatever arrives).
  // Disabled after the event, so the button that was pressed still goes with the form.
  var SUBMIT_BUTTONS = "button[type=submit], button:not([type]), input[type=submit]";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") {
      return;
    }
    window.setTimeout(function () {
      form.querySelectorAll(SUBMIT_BUTTONS).forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });
  // Back to a page the browser kept: its buttons work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form " + SUBMIT_BUTTONS.split(", ").join(", form ")).forEach(
      function (button) {
        button.disabled = false;
      }
    );
  });

  // The field in focus stays clear of a sticky bar of buttons at the bottom (WCAG 2.4.11).
  // CSS scroll-padding does it for most fields; a textarea scrolls only its caret into view,
  // so the rest of it could stay under the bar: once the browser has scrolled, it follows.
  document.addEventListener("focusin", function (event) {
    var field = event.target;
    var bar = document.querySelector(".form-actions");
    if (!bar || bar.contains(field) || getComputedStyle(bar).position !== "sticky") {
      return;
    }
    requestAnimationFrame(function () {
      var box = field.getBoundingClientRect();
      var barBox = bar.getBoundingClientRect();
      if (box.bottom > barBox.top && box.top < barBox.bottom) {
        field.scrollIntoView({ block: "nearest" });
      }
    });
  });
})();
