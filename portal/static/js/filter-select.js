// Progressive enhancement for long lists: a text box that narrows the options of a <select>.
// Without JavaScript the native <select> works by keyboard and screen reader as it is.
(function () {
  "use strict";
  function normalise(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("select[data-filterable]").forEach(function (select) {
    var options = Array.prototype.slice.call(select.querySelectorAll("option")).filter(function (o) { return o.value; });
    var wrapper = document.createElement("div");
    wrapper.className = "filter";
    var label = document.createElement("label");
    label.htmlFor = select.id + "-filter";
    label.textContent = select.getAttribute("data-filter-label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "-filter";
    input.className = "input";
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    wrapper.appendChild(status);
    select.parentNode.insertBefore(wrapper, select);
    input.addEventListener("input", function () {
      var wanted = normalise(input.value.trim());
      var shown = 0;
      options.forEach(function (option) {
        var match = !wanted || normalise(option.textContent).indexOf(wanted) !== -1;
        option.hidden = !match;
        option.disabled = !match;
        if (match) { shown += 1; }
      });
      status.textContent = (select.getAttribute("data-count-label") || "").replace("%s", shown);
      if (shown && select.selectedOptions.length && select.selectedOptions[0].hidden) {
        select.value = "";
      }
    });
  });
}());
