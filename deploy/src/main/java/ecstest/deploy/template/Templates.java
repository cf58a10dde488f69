package ecstest.deploy.template;

import ecstest.deploy.DeployException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The templates folder: each file read and parsed once; a missing or malformed one stops the run, said where. */
public final class Templates {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path folder;
    private final Map<String, JsonNode> parsed = new HashMap<>();

    public Templates(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DeployException("no templates at " + folder.toAbsolutePath()
                    + ": run from the repository root or pass --home <repo>/deploy");
        }
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** The template, parsed; callers render copies of it ({@link TemplateRenderer} copies before filling). */
    public JsonNode read(String template) {
        return parsed.computeIfAbsent(template, this::parse);
    }

    private JsonNode parse(String template) {
        Path file = folder.resolve(template);
        try {
            return JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException ex) {
            throw new DeployException("template " + file + " is missing");
        } catch (IOException ex) {
            throw new DeployException("cannot read " + file + ": " + ex.getMessage(), ex);
        } catch (JacksonException ex) {
            throw new DeployException(file + " is not valid JSON: " + ex.getOriginalMessage() + " (line "
                    + ex.getLocation().getLineNr() + ", column "
                    + ex.getLocation().getColumnNr() + ")");
        }
    }
}
