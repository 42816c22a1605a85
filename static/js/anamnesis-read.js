/* The read view: a new intake that was just saved no longer needs its copy on this device. */
(function () {
  "use strict";
  var page = document.querySelector("[data-forget-draft]");
  if (page && window.location.hash === "#created") {
    try {
      localStorage.removeItem(page.dataset.forgetDraft);
    } catch (e) {
      /* storage disabled: nothing was kept */
    }
  }
})();
