// Boilerplate rules preview on a source's admin page: posts the rules as typed, shows what each would remove.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("rules-preview-button");
  const rules = document.getElementById("id_boilerplate_rules");
  const target = document.getElementById("rules-preview");
  if (!button || !rules || !target) return;
  button.addEventListener("click", async () => {
    const body = new FormData();
    body.append("boilerplate_rules", rules.value);
    body.append("csrfmiddlewaretoken", document.querySelector("[name=csrfmiddlewaretoken]").value);
    button.disabled = true;
    try {
      const response = await fetch(button.dataset.url, {method: "POST", body, credentials: "same-origin"});
      target.innerHTML = await response.text();  // rendered by Django's escaping template
    } finally {
      button.disabled = false;
    }
  });
});
