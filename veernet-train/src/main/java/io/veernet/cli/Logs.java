package io.veernet.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Log routing for the command line: events marked {@link #FILE_ONLY} (why a run stopped, with its
 * stack trace) go to the run folder's log but not to the terminal, which gets one clear line.
 */
public final class Logs {

    /** Marks an event for log files only. */
    public static final Marker FILE_ONLY = MarkerFactory.getMarker("FILE_ONLY");

    private Logs() {
    }

    /** The console appender's filter (logback.xml): drops {@link #FILE_ONLY} events. */
    public static final class ConsoleFilter extends Filter<ILoggingEvent> {
        @Override
        public FilterReply decide(ILoggingEvent event) {
            var markers = event.getMarkerList();
            return markers != null && markers.contains(FILE_ONLY) ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
    }
}
