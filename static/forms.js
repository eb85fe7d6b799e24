// Small helpers of the forms (progressive enhancement: every form works without this script).
(function () {
  // After a failed submit the error summary gets the focus (autofocus does not reach every browser).
  var summary = document.querySelector("[data-focus]");
  function focusSummary() {
    if (summary && document.activeElement !== summary) {
      summary.focus();
    }
  }
  focusSummary();
  // A page rendered in answer to a POST shows the address of the page it belongs to (a reload
  // then opens the page instead of sending the form again). After "load": the browser has then
  // scrolled to the posted address's fragment (the summary), which the new address must not undo.
  var own = document.querySelector("[data-page-url]");
  if (own && window.history && window.history.replaceState) {
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        window.history.replaceState(null, "", own.getAttribute("data-page-url"));
        focusSummary();
      }, 0);
    });
  }
  // A text area with a limit counts the characters as one types; screen readers hear the count
  // when typing pauses.
  document.querySelectorAll("textarea[data-max]").forEach(function (area) {
    var max = parseInt(area.getAttribute("data-max"), 10);
    var shown = document.getElementById(area.id + "-count");
    var spoken = document.getElementById(area.id + "-count-live");
    if (!shown) { return; }
    var timer = null;
    function text(count) {
      var left = max - count;
      return (left >= 0 ? shown.getAttribute("data-left") : shown.getAttribute("data-over"))
        .replace("{n}", Math.abs(left).toLocaleString(document.documentElement.lang));
    }
    function update() {
      var count = Array.from(area.value.replace(/\r\n/g, "\n").trim()).length;
      shown.textContent = text(count);
      shown.classList.toggle("over", count > max);
      if (spoken) {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { spoken.textContent = text(count); }, 1000);
      }
    }
    shown.hidden = false;
    area.addEventListener("input", update);
    update();
  });
})();
