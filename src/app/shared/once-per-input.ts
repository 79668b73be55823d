/**
 * Render once, send many, within one batch: a template rendered for each recipient is rendered once
 * per distinct input and the result handed to every recipient whose input is the same (four
 * professionals of one agency get the same calendar copy of their invitation). Keyed by the input's
 * JSON: template inputs are plain data, so two inputs share a result exactly when they say the same.
 * The policy is left out of the key: a batch renders for one conference, so one policy, and an input
 * with another policy object is rendered on its own. The result is shared: read it, never change it.
 */
export function oncePerInput<I extends { policy: unknown }, O>(render: (input: I) => O): (input: I) => O {
  const rendered = new Map<string, O>();
  let policy: unknown;
  return (input) => {
    policy ??= input.policy;
    if (input.policy !== policy) return render(input);
    const { policy: _policy, ...rest } = input;
    const key = JSON.stringify(rest);
    let out = rendered.get(key);
    if (out === undefined) {
      out = render(input);
      rendered.set(key, out);
    }
    return out;
  };
}
