/* "Copy from plan" and "Copy previous session" fill the session form in place: techniques,
   their regions, pressure and minutes. Pain, notes and everything else typed stay as they are;
   if the therapist already changed one of the copied fields, they are asked before it is
   replaced. Without JavaScript the links reload the page with the copy (the server's fallback). */
(function () {
  "use strict";
  var form = document.getElementById("session-form");
  var data = document.getElementById("copy-sources");
  if (!form || !data) {
    return;
  }
  var sources = JSON.parse(data.textContent);
  var question = document.getElementById("copy-confirm");
  var status = document.getElementById("copy-status");

  function copiedFields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return (
        el.name === "minutes" ||
        el.name === "pressure" ||
        el.name.indexOf("technique_") === 0 ||
        el.name.indexOf("regions_") === 0
      );
    });
  }

  function changedByHand(el) {
    if (el.type === "checkbox" || el.type === "radio") {
      return el.checked !== el.defaultChecked;
    }
    if (el.tagName === "SELECT") {
      return Array.prototype.some.call(el.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    return el.value !== el.defaultValue;
  }

  function fill(source) {
    copiedFields().forEach(function (el) {
      var name = el.name;
      if (name === "minutes") {
        el.value = source.minutes === null ? "" : String(source.minutes);
      } else if (name === "pressure") {
        if (el.type === "radio") {
          el.checked = el.value === source.pressure;
        } else {
          el.value = source.pressure;
        }
      } else if (name.indexOf("technique_") === 0) {
        el.checked = Object.prototype.hasOwnProperty.call(
          source.techniques,
          name.slice("technique_".length)
        );
      } else {
        var regions = source.techniques[name.slice("regions_".length)] || [];
        el.checked = regions.indexOf(el.value) !== -1;
      }
      // Whatever listens to the form (the regions shown for a ticked technique) follows.
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  document.querySelectorAll("[data-copy]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var source = sources[link.dataset.copy];
      if (!source) {
        return; // nothing to copy in place: the link's reload does it
      }
      event.preventDefault();
      if (copiedFields().some(changedByHand) && !window.confirm(question.textContent)) {
        return;
      }
      fill(source);
      copiedFields().forEach(function (el) {
        // What was copied now counts as the starting point for the next copy's question.
        if (el.type === "checkbox" || el.type === "radio") {
          el.defaultChecked = el.checked;
        } else if (el.tagName === "SELECT") {
          Array.prototype.forEach.call(el.options, function (option) {
            option.defaultSelected = option.selected;
          });
        } else {
          el.defaultValue = el.value;
        }
      });
      status.textContent = link.dataset.copied;
      status.classList.remove("d-none");
    });
  });
})();
