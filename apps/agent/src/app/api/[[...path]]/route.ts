import { AppError } from "@switchyard/core/errors";
import { errorResponse, type RouteHandler } from "@/lib/api";

/** Any /api path no route matches, whatever the method: the API's JSON 404 instead of the HTML page. */
const unknownApiPath: RouteHandler = async (request) => errorResponse(new AppError("not_found", `No API route at ${new URL(request.url).pathname}`));

export { unknownApiPath as GET, unknownApiPath as POST, unknownApiPath as PUT, unknownApiPath as PATCH, unknownApiPath as DELETE, unknownApiPath as OPTIONS };
