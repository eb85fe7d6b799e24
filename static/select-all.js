// "Choose every row": a checkbox that ticks or unticks the rows of its table (data-select-all =
// the rows' input name). Shown only when this script runs; without it each row is ticked by hand.
(function () {
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    var wrapper = box.closest(".select-all");
    var form = box.form;
    var rows = function () {
      return form.querySelectorAll('input[type=checkbox][name="' + box.getAttribute("data-select-all") + '"]');
    };
    if (wrapper) { wrapper.hidden = false; }
    box.addEventListener("change", function () {
      rows().forEach(function (row) { row.checked = box.checked; });
    });
    form.addEventListener("change", function (event) {
      if (event.target === box) { return; }
      var all = rows();
      var ticked = Array.prototype.filter.call(all, function (row) { return row.checked; }).length;
      box.checked = ticked === all.length && all.length > 0;
      box.indeterminate = ticked > 0 && ticked < all.length;
    });
  });
})();
