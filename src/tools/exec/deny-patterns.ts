/**
 * The default exec deny list, after PicoClaw's shell.go list plus the bypasses reported in #258/#321
 * (`rm -r -f`, options after operands, quoting). Patterns run on the lowercased command, and again on
 * a copy with quotes and backslashes removed. This is a speed bump against a confused model, not a sandbox.
 */

/** A deny rule: a pattern and the short reason shown to the model. */
export interface DenyRule {
  pattern: RegExp;
  reason: string;
}

const rule = (pattern: RegExp, reason: string): DenyRule => ({ pattern, reason });

/** Default rules, checked in order. */
export const DEFAULT_DENY_RULES: readonly DenyRule[] = [
  // Any rm whose options (anywhere before the next command separator) ask for recursion or force.
  rule(
    /\brm\s+(?:[^;&|\n]*\s)?(?:-[a-z]*[rf]|--recursive|--force|--no-preserve-root)/,
    "recursive or forced rm",
  ),
  rule(/\bdel\s+\/[fq]\b/, "forced delete"),
  rule(/\brmdir\s+\/s\b/, "recursive rmdir"),
  rule(/(?:^|[^-\w])\b(?:format|mkfs(?:\.\w+)?|diskpart)\b\s/, "disk formatting"),
  rule(/\bdd\s+if=/, "raw disk copy"),
  rule(/\bdd\b.*\bof=\/dev\//, "raw disk write"),
  rule(
    />\s*\/dev\/(?:sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|loop\d|dm-\d|md\d|sr\d|nbd\d)/,
    "write to a block device",
  ),
  rule(/\b(?:shutdown|reboot|poweroff|halt)\b/, "power control"),
  rule(/\binit\s+[06]\b/, "power control"),
  rule(/:\(\)\s*\{.*\};\s*:/, "fork bomb"),
  rule(/\$\([^)]*\)/, "command substitution $(...)"),
  rule(/\$\{[^}]*\}/, "parameter expansion"),
  rule(/`[^`]*`/, "backtick substitution"),
  rule(/\|\s*(?:sh|bash|zsh|dash|ksh)\b/, "pipe into a shell"),
  rule(/\b(?:sh|bash|zsh|dash)\s+-c\b/, "nested shell"),
  rule(/<<-?\s*['"]?\w+/, "here-document"),
  rule(/\bsudo\b|\bsu\s+-?\s*\w*$|\bdoas\b/, "privilege escalation"),
  rule(/\bchmod\s+(?:-\w+\s+)*[0-7]{3,4}\b/, "chmod with a numeric mode"),
  rule(/\bchown\b/, "chown"),
  rule(/\bpkill\b/, "pkill"),
  rule(/\bkillall\b/, "killall"),
  rule(/\bkill\b/, "kill"),
  rule(/\b(?:curl|wget)\b.*\|\s*(?:sh|bash)/, "download piped into a shell"),
  rule(/\bnpm\s+(?:install|i)\s+(?:.*\s)?(?:-g|--global)\b/, "global npm install"),
  rule(/\bpip3?\s+install\s+(?:.*\s)?--user\b/, "pip install --user"),
  rule(/\b(?:apt|apt-get)\s+(?:install|remove|purge)\b/, "package install/remove"),
  rule(/\b(?:yum|dnf)\s+(?:install|remove)\b/, "package install/remove"),
  rule(/\bdocker\s+(?:run|exec)\b/, "docker run/exec"),
  rule(/\bgit\s+push\b/, "git push"),
  rule(/\bgit\s+force\b/, "git force"),
  rule(/\bssh\b.*@/, "ssh to a remote host"),
  rule(/\beval\b/, "eval"),
  rule(/\bsource\s+.*\.sh\b|(?:^|[;&|]\s*)\.\s+\S+\.sh\b/, "sourcing a script"),
];

/** The forms of a command the deny rules are checked against. */
export function denyCheckForms(command: string): string[] {
  const lower = command.trim().toLowerCase();
  // `r'm' -rf`, `rm "-rf"` and `\rm -rf` are all plain `rm -rf` to the shell.
  const dequoted = lower.replace(/['"\\]/g, "");
  return dequoted === lower ? [lower] : [lower, dequoted];
}
