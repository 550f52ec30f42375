import { createInterface } from 'node:readline'

/**
 * Asks for a password on the terminal without echoing what is typed: the question goes to stderr,
 * the answer comes from stdin. Only for an interactive terminal (check `process.stdin.isTTY`).
 * @param question E.g. `Password for keystore.json: `.
 * @returns What was typed, without the newline.
 */
export function promptPassword(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
    // Hide what is typed: print the question once, then nothing for each key.
    const output = rl as unknown as { _writeToOutput: (text: string) => void }
    let asked = false
    output._writeToOutput = (text: string) => {
      if (!asked) {
        process.stderr.write(text)
        asked = true
      }
    }
    rl.question(question, (answer) => {
      rl.close()
      process.stderr.write('\n')
      resolve(answer)
    })
  })
}
