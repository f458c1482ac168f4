// The form's proof of work (usines/proof.py): find the number whose SHA-256 with the
// salt is the challenge, then put the signed solution in the form's hidden field.
// The submit button waits until it is found (about a second).
const data = document.getElementById("proof-challenge");

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function solve(challenge) {
  for (let number = 0; number <= challenge.maxnumber; number += 1) {
    if ((await sha256Hex(challenge.salt + number)) === challenge.challenge) {
      return number;
    }
  }
  return null;
}

if (data) {
  const challenge = JSON.parse(data.textContent);
  const input = document.querySelector('input[name="altcha"]');
  const form = input.form;
  const status = document.getElementById("proof-status");
  const buttons = form.querySelectorAll('button[type="submit"]');
  buttons.forEach((button) => { button.disabled = true; });
  solve(challenge).then((number) => {
    input.value = btoa(JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number,
      salt: challenge.salt,
      signature: challenge.signature,
    }));
    status.textContent = status.dataset.done || "✓";
    buttons.forEach((button) => { button.disabled = false; });
  });
}
