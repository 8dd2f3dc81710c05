package io.github.vaults4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vaults python SCRIPT [ARGS...]} and {@code vaults python -c CODE [ARGS...]}: runs Python on
 * GraalPy with {@code vaults} importable, as {@code python3} would run it: the script is the
 * {@code __main__} module, {@code sys.argv} is the script and its arguments, the script's folder comes first
 * on {@code sys.path}, an uncaught exception prints its traceback and exits with 1, and
 * {@code sys.exit(n)} becomes the process's exit code.
 *
 * <p>This class names no GraalPy type, so that building the command line (which links every subcommand) loads
 * no GraalPy class; {@link GraalPyRun} does, and only when {@code python} runs.
 */
@Command(name = "python",
        description = "Run a Python script on GraalPy with the vaults package importable.")
public final class PythonCommand implements Callable<Integer> {
    @Option(names = "-c", paramLabel = "CODE", description = "Program passed in as a string.")
    String code;

    @Parameters(paramLabel = "SCRIPT ARGS", arity = "0..*",
            description = "The script, then its arguments (all passed on untouched).")
    List<String> arguments = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<String> argv = new ArrayList<>();
        String path;
        if (code != null) {
            argv.add("-c");
            argv.addAll(arguments);
            path = null;
        } else {
            if (arguments.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "a SCRIPT or -c CODE is needed");
            }
            path = arguments.get(0);
            if (!Files.isRegularFile(Path.of(path))) {
                System.err.println("vaults python: can't open file '" + path + "': no such file");
                return 2;
            }
            argv.addAll(arguments);
        }
        return GraalPyRun.exitCode(runner(argv, path, code));
    }

    /**
     * Python source that runs the program in {@code __main__} and evaluates to the exit code. The
     * traceback printed skips this runner's own frame, so it reads like CPython's.
     */
    static String runner(List<String> argv, String path, String code) {
        StringBuilder argvList = new StringBuilder("[");
        for (String a : argv) {
            argvList.append(literal(a)).append(", ");
        }
        argvList.append(']');
        String load = path != null
                ? "    _p = " + literal(path) + "\n"
                  + "    with open(_p, 'rb') as _f:\n"
                  + "        _c = compile(_f.read(), _p, 'exec')\n"
                  + "    _m.__file__ = _p\n"
                  + "    _s.path.insert(0, _os.path.dirname(_os.path.abspath(_p)))\n"
                : "    _c = compile(" + literal(code) + ", '<string>', 'exec')\n"
                  + "    _s.path.insert(0, '')\n";
        return "def _vaults_run():\n"
                + "    import sys as _s, os as _os\n"
                + "    _s.argv = " + argvList + "\n"
                + "    _m = _s.modules['__main__']\n"
                + load
                + "    try:\n"
                + "        exec(_c, _m.__dict__)\n"
                + "        return 0\n"
                + "    except SystemExit as _e:\n"
                + "        if _e.code is None:\n"
                + "            return 0\n"
                + "        if isinstance(_e.code, int):\n"
                + "            return _e.code & 0xff\n"
                + "        print(_e.code, file=_s.stderr)\n"
                + "        return 1\n"
                + "    except KeyboardInterrupt:\n"
                + "        return " + GraalPyRun.INTERRUPTED + "\n"
                + "    except BaseException as _e:\n"
                + "        import traceback\n"
                + "        traceback.print_exception(type(_e), _e, _e.__traceback__.tb_next)\n"
                + "        return 1\n"
                + "    finally:\n"
                + "        for _stream in (_s.stdout, _s.stderr):\n"
                + "            try:\n"
                + "                _stream.flush()\n"
                + "            except Exception:\n"
                + "                pass\n"
                + "_vaults_run()\n";
    }

    /** A Python string literal for any Java string: every character escaped, so nothing is interpreted. */
    static String literal(String s) {
        StringBuilder b = new StringBuilder(s.length() * 6 + 2).append('\'');
        s.codePoints().forEach(cp -> b.append(String.format("\\U%08x", cp)));
        return b.append('\'').toString();
    }
}
