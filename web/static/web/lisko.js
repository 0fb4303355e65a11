// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can forbid
// inline script: a language menu that applies on change, a field that selects itself on focus.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches && target.matches("[data-submit-on-change]") && target.form) {
    target.form.submit();
  }
});
document.addEventListener("focusin", function (event) {
  var target = event.target;
  if (target.matches && target.matches("[data-select-on-focus]")) { target.select(); }
});
