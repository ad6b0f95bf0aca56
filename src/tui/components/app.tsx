// The ink app: subscribes to the store, turns key presses into actions, follows terminal resizes,
// and exits when the state says so. Everything it draws comes from <Screen>.
import { useApp, useInput, useStdout } from "ink";
import { useEffect, useSyncExternalStore } from "react";
import type { Store } from "../session/store.js";
import { keyAction, splitPresses } from "../state/keys.js";
import { Screen } from "./screen.js";
import type { Theme } from "./theme.js";

export function App({ store, theme }: { store: Store; theme: Theme }) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const { exit } = useApp();
  const { stdout } = useStdout();

  useEffect(() => {
    const onResize = () => store.dispatch({ type: "resize", columns: stdout.columns, rows: stdout.rows });
    stdout.on("resize", onResize);
    return () => {
      stdout.off("resize", onResize);
    };
  }, [stdout, store]);

  useInput((input, key) => {
    for (const [one, info] of splitPresses(input, key)) {
      const action = keyAction(store.getState(), one, info);
      if (action) store.dispatch(action);
    }
  });

  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);

  return <Screen state={state} theme={theme} />;
}
