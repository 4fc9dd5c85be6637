// After a wrong answer, move the focus to the error summary so that it is read out first.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
}());
