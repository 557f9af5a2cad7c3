package dev.realtimelab.workshop;

import dev.realtimelab.Chromium;
import org.openqa.selenium.chrome.ChromeDriver;

/** The instructor's, Ada's and Bo's browsers: the three a workshop's browser tests drive. */
record WorkshopBrowsers(Chromium instructor, Chromium ada, Chromium bo) implements AutoCloseable {
    static WorkshopBrowsers start() {
        Chromium.requireChromium();
        Chromium instructor = Chromium.start();
        Chromium ada = null;
        try {
            ada = Chromium.start();
            return new WorkshopBrowsers(instructor, ada, Chromium.start());
        } catch (RuntimeException e) {
            instructor.close();
            if (ada != null) {
                ada.close();
            }
            throw e;
        }
    }

    ChromeDriver instructorDriver() {
        return instructor.driver();
    }

    ChromeDriver adaDriver() {
        return ada.driver();
    }

    ChromeDriver boDriver() {
        return bo.driver();
    }

    @Override
    public void close() {
        instructor.close();
        ada.close();
        bo.close();
    }
}
