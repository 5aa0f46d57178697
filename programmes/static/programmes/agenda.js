// The agenda's filters are folded on phones (<details>) and opened on wider screens.
document.querySelectorAll("details[data-open-on-wide-screens]").forEach((details) => {
  if (window.matchMedia("(min-width: 48em)").matches) {
    details.open = true;
  }
});
