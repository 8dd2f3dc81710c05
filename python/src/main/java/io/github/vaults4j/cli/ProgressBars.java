package io.github.vaults4j.cli;

import io.github.vaults4j.tools.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Draws a progress bar per phase of a long operation on standard error, only on a terminal: piped or in
 * scripts nothing is drawn, so output stays clean.
 */
final class ProgressBars implements Progress, AutoCloseable {
    private final boolean enabled;
    private ProgressBar bar;
    private String phase;

    ProgressBars(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void update(String newPhase, long done, long total) {
        if (!enabled) {
            return;
        }
        if (bar == null || !newPhase.equals(phase)) {
            close();
            phase = newPhase;
            bar = new ProgressBarBuilder().setTaskName(newPhase).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200).continuousUpdate().build();
        }
        if (total >= 0) {
            bar.maxHint(total);
        }
        bar.stepTo(done);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
