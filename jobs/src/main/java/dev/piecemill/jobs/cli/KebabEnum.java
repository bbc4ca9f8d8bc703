package dev.piecemill.jobs.cli;

import dev.piecemill.collapse.Generation0;
import dev.piecemill.collapse.Loop;
import dev.piecemill.jobs.collapse.CollapseOptions;
import dev.piecemill.jobs.io.InputFormat;
import dev.piecemill.lm.Smoothing;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The one converter of enum options: constants spelled in kebab case on the command line
 * ({@code FULLY_SYNTHETIC} is {@code fully-synthetic}). As the option's completion candidates it
 * also lists the values, which {@code --help} shows through {@code ${COMPLETION-CANDIDATES}}. A
 * value that is none of them is a usage error (exit 2) that lists them.
 */
abstract class KebabEnum<E extends Enum<E>> implements CommandLine.ITypeConverter<E>, Iterable<String> {
    private final Class<E> type;

    KebabEnum(Class<E> type) {
        this.type = type;
    }

    static String spelling(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public E convert(String value) {
        for (E constant : type.getEnumConstants()) {
            if (spelling(constant).equals(value)) {
                return constant;
            }
        }
        throw new CommandLine.TypeConversionException(
                "must be one of " + String.join(", ", this) + ", got \"" + value + "\"");
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(type.getEnumConstants()).map(KebabEnum::spelling).iterator();
    }

    static final class Loops extends KebabEnum<Loop> {
        Loops() {
            super(Loop.class);
        }
    }

    static final class SmoothingMethods extends KebabEnum<Smoothing.Method> {
        SmoothingMethods() {
            super(Smoothing.Method.class);
        }
    }

    static final class TokenizerModes extends KebabEnum<CollapseOptions.TokenizerMode> {
        TokenizerModes() {
            super(CollapseOptions.TokenizerMode.class);
        }
    }

    static final class Generation0s extends KebabEnum<Generation0> {
        Generation0s() {
            super(Generation0.class);
        }
    }

    static final class InputFormats extends KebabEnum<InputFormat> {
        InputFormats() {
            super(InputFormat.class);
        }
    }

    static final class Algorithms extends KebabEnum<TrainCommand.Algorithm> {
        Algorithms() {
            super(TrainCommand.Algorithm.class);
        }
    }

    static final class ExportTargets extends KebabEnum<ExportCommand.Target> {
        ExportTargets() {
            super(ExportCommand.Target.class);
        }
    }

    static final class LineFormats extends KebabEnum<EncodeCommand.LineFormat> {
        LineFormats() {
            super(EncodeCommand.LineFormat.class);
        }
    }
}
