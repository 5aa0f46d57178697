// Works index: on wide screens the filters start unfolded; phones keep them folded until
// asked (without JavaScript the <details> simply opens on a tap).
document.addEventListener("DOMContentLoaded", function () {
  var filters = document.getElementById("filtres");
  if (filters && window.matchMedia("(min-width: 48rem)").matches) {
    filters.open = true;
  }
});
