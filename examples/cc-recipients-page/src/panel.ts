/** The scenario panel and how it finds the mock: one chunk, loaded only when a mock may be there. */
export { ScenarioPanel } from "./ScenarioPanel.tsx";
export { findMock, inPageMock } from "./scenarios.ts";
