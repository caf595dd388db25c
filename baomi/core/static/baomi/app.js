/* baomi — the little behaviour the pages need. Loaded as a static file: the CSP forbids
   inline script. Everything works without it except the confirmation dialogs' summaries. */
(function () {
  "use strict";

  // Fill a confirmation dialog's summary from the form it belongs to.
  function fillSummary(modal) {
    var form = modal.closest("form");
    if (!form) { return; }
    modal.querySelectorAll("[data-summary-for]").forEach(function (el) {
      var field = form.elements.namedItem(el.getAttribute("data-summary-for"));
      if (!field) { return; }
      var text = "";
      if (field.tagName === "SELECT") {
        var option = field.options[field.selectedIndex];
        text = option && option.value ? option.text : "";
      } else {
        text = field.value;
      }
      el.textContent = text && text.trim() ? text : "—";
    });
  }

  document.addEventListener("show.bs.modal", function (event) {
    fillSummary(event.target);
  });

  // A form marked data-once is sent once: its submit buttons are disabled right after.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-once")) { return; }
    if (form.dataset.sent === "1") { event.preventDefault(); return; }
    form.dataset.sent = "1";
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });

  // A create form's one-time token (baomi.core.once): set by script, the browser keeps
  // it in the history entry, so Back + submit posts the first token again and the server
  // answers with the record already made instead of making a second one.
  document.querySelectorAll("input[data-once-token]").forEach(function (input) {
    if (!input.value) { input.value = input.getAttribute("data-once-token"); }
  });

  // Pages restored from the back/forward cache may be re-submitted: re-arm the forms.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-once]").forEach(function (form) {
      delete form.dataset.sent;
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = false;
      });
    });
  });
})();
