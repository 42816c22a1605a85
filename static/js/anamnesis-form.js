/* The intake form: body chart, live course, red-flag banner, list rows and autosave.
 *
 * Plain script, no inline code (strict CSP). Everything here only enhances a form that works
 * without JavaScript. Nothing typed is lost: every change is kept in localStorage until the
 * server has confirmed it, so a crash, a closed tab or an expired session costs no typing.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-intake-form]");
  if (!form) {
    return;
  }

  var AUTOSAVE_DELAY_MS = 2000;
  var statusEl = form.querySelector("[data-save-status]");
  var expiredEl = document.querySelector("[data-session-expired]");
  var storageKey = form.dataset.draftKey;
  var editSeq = 0;
  var savedSeq = 0;
  var timer = null;
  var inFlight = false;
  var signedOut = false;

  /* ---------- Body chart ----------
   * The checkboxes are the one control for the keyboard and screen readers; the chart is a
   * picture of them (aria-hidden, not focusable) that a mouse or a finger can also tick. */

  function regionBox(value) {
    return form.querySelector('input[name="regions"][value="' + value + '"]');
  }

  function chartShapes(value) {
    return form.querySelectorAll('[data-region-value="' + value + '"]');
  }

  function syncChart() {
    form.querySelectorAll("[data-region-value]").forEach(function (shape) {
      var box = regionBox(shape.dataset.regionValue);
      shape.classList.toggle("is-on", !!(box && box.checked));
    });
  }

  form.querySelectorAll("[data-region-value]").forEach(function (shape) {
    shape.addEventListener("click", function () {
      var box = regionBox(shape.dataset.regionValue);
      if (!box) {
        return;
      }
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });

  // The region of the focused checkbox is outlined on the chart, so a keyboard user sees where.
  form.querySelectorAll('input[name="regions"]').forEach(function (box) {
    box.addEventListener("focus", function () {
      chartShapes(box.value).forEach(function (shape) {
        shape.classList.add("is-focus");
      });
    });
    box.addEventListener("blur", function () {
      chartShapes(box.value).forEach(function (shape) {
        shape.classList.remove("is-focus");
      });
    });
  });

  /* ---------- Course, derived live with the server's cut-offs ---------- */

  var acuteBelow = parseInt(form.dataset.acuteBelow, 10);
  var chronicAbove = parseInt(form.dataset.chronicAbove, 10);
  var onsetInput = form.querySelector('[name="onset_date"]');
  var daysInput = form.querySelector('[name="duration_days"]');
  var overrideBox = form.querySelector('[name="course_overridden"]');
  var courseSelect = form.querySelector('[name="course"]');
  var courseBadge = form.querySelector("[data-course-derived]");

  function takenOn() {
    var text = form.dataset.takenOn;
    var day = text ? new Date(text + "T00:00:00") : new Date();
    day.setHours(0, 0, 0, 0);
    return day;
  }

  function deriveCourse(days) {
    if (days < acuteBelow) {
      return "acute";
    }
    return days <= chronicAbove ? "subacute" : "chronic";
  }

  function updateCourse(fromOnset) {
    if (!daysInput) {
      return;
    }
    if (fromOnset && onsetInput && onsetInput.value) {
      var onset = new Date(onsetInput.value + "T00:00:00");
      if (!isNaN(onset.getTime())) {
        var days = Math.round((takenOn() - onset) / 86400000);
        daysInput.value = String(Math.max(days, 0));
      }
    }
    var value = daysInput.value.trim();
    var derived = value !== "" && /^\d+$/.test(value) ? deriveCourse(parseInt(value, 10)) : "";
    if (courseBadge) {
      courseBadge.textContent = derived
        ? courseBadge.getAttribute("data-label-" + derived)
        : courseBadge.dataset.textNone;
      courseBadge.classList.toggle("is-empty", !derived);
    }
    if (courseSelect && overrideBox) {
      courseSelect.disabled = !overrideBox.checked;
      if (!overrideBox.checked) {
        courseSelect.value = derived;
      }
    }
  }

  if (onsetInput) {
    onsetInput.addEventListener("change", function () {
      updateCourse(true);
    });
  }
  if (daysInput) {
    daysInput.addEventListener("input", function () {
      if (onsetInput && onsetInput.value) {
        onsetInput.value = "";
      }
      updateCourse(false);
    });
  }
  if (overrideBox) {
    overrideBox.addEventListener("change", function () {
      updateCourse(false);
    });
  }

  /* ---------- Red flags ---------- */

  var banner = form.querySelector("[data-red-flag-banner]");
  var flagCount = form.querySelector("[data-red-flag-count]");

  function updateRedFlags() {
    var questions = form.querySelectorAll(".red-flag-question");
    var answered = 0;
    var anyYes = false;
    questions.forEach(function (question) {
      var checked = question.querySelector("input:checked");
      var yes = !!(checked && checked.value === "yes");
      anyYes = anyYes || yes;
      if (checked) {
        answered += 1;
      }
      question.classList.toggle("is-yes", yes);
      question.classList.toggle("is-unanswered", !checked);
    });
    if (banner) {
      banner.hidden = !anyYes;
    }
    if (flagCount) {
      flagCount.textContent = answered + " / " + questions.length + " " + flagCount.dataset.text;
    }
  }

  /* ---------- List rows ---------- */

  function updateDifferences() {
    form.querySelectorAll('[data-prefix="comparisons"] [data-formset-row]').forEach(function (row) {
      var left = row.querySelector('[name$="-left"]');
      var right = row.querySelector('[name$="-right"]');
      var out = row.querySelector("[data-difference]");
      if (!left || !right || !out) {
        return;
      }
      var l = parseFloat(left.value);
      var r = parseFloat(right.value);
      if (isNaN(l) || isNaN(r)) {
        out.textContent = "";
        return;
      }
      var diff = Math.round((l - r) * 100) / 100;
      out.textContent = (diff > 0 ? "+" : "") + diff;
    });
  }

  function addRow(formset) {
    var total = formset.querySelector('[name$="-TOTAL_FORMS"]');
    var template = formset.querySelector("[data-formset-template]");
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    formset.querySelector("[data-formset-rows]").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    limitRows(formset);
    return formset.querySelector("[data-formset-rows]").lastElementChild;
  }

  // A list with a maximum (the PSFS takes up to 5 activities) offers no row beyond it.
  function limitRows(formset) {
    var total = parseInt(formset.querySelector('[name$="-TOTAL_FORMS"]').value, 10);
    var max = parseInt(formset.querySelector('[name$="-MAX_NUM_FORMS"]').value, 10);
    formset.querySelector("[data-add-row]").classList.toggle("d-none", total >= max);
  }

  form.querySelectorAll("[data-formset]").forEach(function (formset) {
    limitRows(formset);
    formset.querySelector("[data-add-row]").addEventListener("click", function () {
      var row = addRow(formset);
      var first = row.querySelector("input, select, textarea");
      if (first) {
        first.focus();
      }
      changed();
    });
  });

  function markRemoved() {
    form.querySelectorAll("[data-formset-row]").forEach(function (row) {
      var del = row.querySelector('[name$="-DELETE"]');
      row.classList.toggle("is-removed", !!(del && del.checked));
    });
  }

  /* ---------- Keeping every keystroke ---------- */

  function fields() {
    var data = new FormData(form);
    var entries = [];
    data.forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") {
        entries.push([name, value]);
      }
    });
    return entries;
  }

  function keepLocally() {
    try {
      localStorage.setItem(
        storageKey,
        JSON.stringify({ base: form.dataset.version || "", fields: fields(), at: Date.now() })
      );
    } catch (e) {
      /* storage full or disabled: the server copy is all there is */
    }
  }

  function forgetLocally() {
    try {
      localStorage.removeItem(storageKey);
    } catch (e) {
      /* nothing to do */
    }
  }

  function restore(entries) {
    var byName = {};
    entries.forEach(function (pair) {
      (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]);
    });
    form.querySelectorAll("[data-formset]").forEach(function (formset) {
      var prefix = formset.dataset.prefix;
      var wanted = parseInt((byName[prefix + "-TOTAL_FORMS"] || ["0"])[0], 10);
      var total = formset.querySelector('[name$="-TOTAL_FORMS"]');
      while (parseInt(total.value, 10) < wanted) {
        addRow(formset);
      }
    });
    form.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(el.name)) {
        return;
      }
      var values = byName[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.type !== "submit" && el.type !== "button") {
        el.value = values.length ? values[0] : "";
      }
    });
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function payload() {
    var token = csrfToken();
    var tokenInput = form.querySelector('[name="csrfmiddlewaretoken"]');
    if (token && tokenInput) {
      // Signing in again rotates the token; the cookie holds the current one.
      tokenInput.value = token;
    }
    var data = new FormData(form);
    data.append("autosave", "1");
    return data;
  }

  function showStatus(text, isError) {
    if (statusEl) {
      statusEl.textContent = text;
      statusEl.classList.toggle("is-error", !!isError);
    }
  }

  function adopt(answer) {
    // The first save of a new intake creates it: from now on post to its own addresses.
    if (answer.autosave_url && form.dataset.autosaveUrl !== answer.autosave_url) {
      forgetLocally();
      form.dataset.autosaveUrl = answer.autosave_url;
      form.action = answer.edit_url;
      storageKey = storageKey.replace(/:new$/, ":" + answer.edit_url.split("/").filter(Boolean)[1]);
      var complete = form.querySelector("[data-complete-button]");
      if (complete) {
        complete.setAttribute("formaction", answer.complete_url);
        complete.classList.remove("d-none");
      }
      var login = document.querySelector("[data-login-link]");
      if (login) {
        login.href = login.href.replace(/next=.*$/, "next=" + encodeURIComponent(answer.edit_url));
      }
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", answer.edit_url);
      }
    }
    form.dataset.version = answer.version;
    var badge = document.querySelector("[data-status-badge]");
    if (badge && answer.status_label) {
      badge.textContent = answer.status_label;
      badge.classList.toggle("text-bg-success", answer.anamnesis_status === "completed");
      badge.classList.toggle("text-bg-secondary", answer.anamnesis_status !== "completed");
    }
  }

  function save() {
    timer = null;
    if (inFlight) {
      schedule();
      return;
    }
    var seq = editSeq;
    inFlight = true;
    showStatus(form.dataset.textSaving, false);
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: payload(),
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" },
      redirect: "error",
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (answer) {
            return { code: response.status, answer: answer };
          });
      })
      .then(function (result) {
        inFlight = false;
        var answer = result.answer;
        if (result.code === 401) {
          signedOut = true;
          keepLocally();
          if (expiredEl) {
            expiredEl.classList.remove("d-none");
          }
          showStatus(answer.message || form.dataset.textOffline, true);
          return;
        }
        if (result.code === 409) {
          showStatus(form.dataset.textLocked, true);
          return;
        }
        if (result.code !== 200) {
          throw new Error("HTTP " + result.code);
        }
        signedOut = false;
        if (expiredEl) {
          expiredEl.classList.add("d-none");
        }
        adopt(answer);
        savedSeq = seq;
        if (seq === editSeq) {
          forgetLocally();
        } else {
          keepLocally();
        }
        var text = form.dataset.textSaved + " " + answer.saved_at;
        if (answer.status === "saved_partly") {
          text += " · " + form.dataset.textPartly;
        }
        showStatus(text, false);
        if (seq !== editSeq) {
          schedule();
        }
      })
      .catch(function () {
        inFlight = false;
        keepLocally();
        showStatus(form.dataset.textOffline, true);
        timer = window.setTimeout(save, AUTOSAVE_DELAY_MS * 3);
      });
  }

  function schedule() {
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(save, AUTOSAVE_DELAY_MS);
  }

  function changed() {
    editSeq += 1;
    keepLocally();
    schedule();
  }

  /* ---------- Questionnaire scores: NDI for a neck, ODI for a low back complaint ---------- */

  function updateScores() {
    var scores = form.querySelector("[data-scores]");
    if (!scores) {
      return;
    }
    var ticked = [];
    form.querySelectorAll('input[name="regions"]:checked').forEach(function (box) {
      ticked.push(box.value.split(":")[0]);
    });
    var anyShown = false;
    scores.querySelectorAll("[data-score-for]").forEach(function (cell) {
      var input = cell.querySelector("input");
      var shown =
        (input && input.value !== "") ||
        cell.dataset.scoreFor.split(" ").some(function (region) {
          return ticked.indexOf(region) !== -1;
        });
      cell.classList.toggle("d-none", !shown);
      anyShown = anyShown || shown;
    });
    scores.classList.toggle("d-none", !anyShown);
  }

  function refresh() {
    syncChart();
    updateScores();
    updateRedFlags();
    updateDifferences();
    markRemoved();
  }

  form.addEventListener("input", function () {
    refresh();
    changed();
  });
  form.addEventListener("change", function () {
    refresh();
    changed();
  });

  function isNew() {
    return /\/new\/$/.test(form.dataset.autosaveUrl);
  }

  function flush() {
    if (savedSeq === editSeq || signedOut) {
      return;
    }
    if (inFlight && isNew()) {
      // The request that creates the intake is on its way; a second one would create another.
      // What it does not carry stays in localStorage and comes back on the next visit.
      keepLocally();
      return;
    }
    keepLocally();
    if (navigator.sendBeacon && navigator.sendBeacon(form.dataset.autosaveUrl, payload())) {
      savedSeq = editSeq;
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      flush();
    } else if (signedOut || editSeq !== savedSeq) {
      // Back from signing in in another tab: try again at once.
      save();
    }
  });
  window.addEventListener("pagehide", flush);
  window.addEventListener("focus", function () {
    if (signedOut) {
      save();
    }
  });
  form.addEventListener("submit", function () {
    // The page is leaving with the data: keep the local copy until the next page confirms.
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    keepLocally();
    savedSeq = editSeq;
  });

  /* ---------- Start ---------- */

  (function restoreUnsaved() {
    var kept = null;
    try {
      kept = JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (e) {
      kept = null;
    }
    if (!kept || !kept.fields) {
      return;
    }
    if ((kept.base || "") !== (form.dataset.version || "")) {
      // The server has a newer save than the one these entries started from.
      forgetLocally();
      return;
    }
    restore(kept.fields);
    showStatus(form.dataset.textRestored, false);
    editSeq += 1;
    schedule();
  })();

  updateCourse(false);
  refresh();
})();
