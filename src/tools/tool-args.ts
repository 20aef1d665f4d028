/**
 * Readers for tool arguments. Models send loose JSON (numbers as strings, booleans as "true"), so the
 * readers accept the forms PicoClaw accepts and throw `ToolInputError` for anything else.
 */
import { ToolInputError } from "./tool-result.ts";

/** Parsed tool arguments: a plain JSON object. */
export type ToolArgs = Readonly<Record<string, unknown>>;

/** Checks that the arguments are a JSON object. */
export function isToolArgs(value: unknown): value is ToolArgs {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns the arguments as an object or throws. */
export function toolArgs(value: unknown): ToolArgs {
  if (!isToolArgs(value)) throw new ToolInputError("arguments must be a JSON object");
  return value;
}

/** A required string argument. */
export function requiredString(args: ToolArgs, key: string): string {
  const value = args[key];
  if (typeof value !== "string") throw new ToolInputError(`${key} is required`);
  return value;
}

/** An optional string argument; empty strings count as absent. */
export function optionalString(args: ToolArgs, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new ToolInputError(`${key} must be a string`);
  return value;
}

/** An optional integer argument; numeric strings are accepted. */
export function optionalInteger(args: ToolArgs, key: string): number | undefined {
  const value = args[key];
  if (value === undefined || value === null || value === "") return undefined;
  const number = typeof value === "string" ? Number(value.trim()) : value;
  if (typeof number !== "number" || !Number.isFinite(number)) {
    throw new ToolInputError(`${key} must be a number`);
  }
  return Math.trunc(number);
}

/** An optional boolean argument; "true"/"false" strings are accepted. */
export function optionalBoolean(args: ToolArgs, key: string): boolean | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  throw new ToolInputError(`${key} must be a boolean`);
}
