// Progressive enhancement for long lists: a text box that narrows the options of a <select>.
// Without JavaScript the native <select> works by keyboard and screen reader as it is.
// Enter in the box never sends an empty answer: it picks the first country that matches and moves
// to the list, so the person sees what was chosen before continuing.
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
    input.setAttribute("enterkeyhint", "go");
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    wrapper.appendChild(status);
    select.parentNode.insertBefore(wrapper, select);
    function matching() {
      var wanted = normalise(input.value.trim());
      return options.filter(function (option) {
        var name = normalise(option.textContent);
        return !wanted || name.indexOf(wanted) !== -1;
      });
    }
    input.addEventListener("input", function () {
      var shown = matching();
      options.forEach(function (option) {
        var match = shown.indexOf(option) !== -1;
        option.hidden = !match;
        option.disabled = !match;
      });
      status.textContent = shown.length
        ? (select.getAttribute("data-count-label") || "").replace("%s", shown.length)
        : select.getAttribute("data-none-label") || "";
      if (shown.length && select.selectedOptions.length && select.selectedOptions[0].hidden) {
        select.value = "";
      }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();
      var wanted = normalise(input.value.trim());
      var shown = matching();
      // A name that starts with what was typed comes before one that only contains it.
      var best = shown.filter(function (o) { return normalise(o.textContent).indexOf(wanted) === 0; })[0] || shown[0];
      if (best && wanted) {
        select.value = best.value;
        select.focus();
      }
    });
  });
}());
